using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NeuroRT.Formats.Edf;

/// <summary>
/// Decodes the samples of one signal inside a data record. EDF stores 16-bit little-endian two's-complement
/// integers; BDF stores 24-bit little-endian two's-complement integers (3 bytes, no padding).
/// physical = digital * gain + offset, evaluated in double (unfused multiply-add, like the reference).
/// These run on the per-record path: no allocation, no LINQ.
/// </summary>
internal static class EdfSampleDecoder
{
    /// <summary>Digital value of sample <paramref name="index"/> of <paramref name="samples"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Digital(ReadOnlySpan<byte> samples, int index, int bytesPerSample)
    {
        if (bytesPerSample == 2)
        {
            return BinaryPrimitives.ReadInt16LittleEndian(samples.Slice(index * 2, 2));
        }

        int at = index * 3;
        // The (sbyte) cast of the most significant byte sign-extends bit 23 into bits 24-31.
        return samples[at] | (samples[at + 1] << 8) | ((sbyte)samples[at + 2] << 16);
    }

    /// <summary>
    /// Writes sample s of <paramref name="samples"/> (as physical float) to destination[s * stride + column], for s in [0, count).
    /// </summary>
    public static void PhysicalStrided(ReadOnlySpan<byte> samples, int count, int bytesPerSample, double gain, double offset,
        Span<float> destination, int stride, int column)
    {
        if (bytesPerSample == 2)
        {
            for (int s = 0, d = column; s < count; s++, d += stride)
            {
                destination[d] = (float)(BinaryPrimitives.ReadInt16LittleEndian(samples.Slice(s * 2, 2)) * gain + offset);
            }
        }
        else
        {
            for (int s = 0, d = column, at = 0; s < count; s++, d += stride, at += 3)
            {
                int digital = samples[at] | (samples[at + 1] << 8) | ((sbyte)samples[at + 2] << 16);
                destination[d] = (float)(digital * gain + offset);
            }
        }
    }

    /// <summary>Writes samples [first, first + destination.Length) of <paramref name="samples"/> as physical doubles.</summary>
    public static void Physical(ReadOnlySpan<byte> samples, int first, int bytesPerSample, double gain, double offset, Span<double> destination)
    {
        for (int s = 0; s < destination.Length; s++)
        {
            destination[s] = Digital(samples, first + s, bytesPerSample) * gain + offset;
        }
    }

    /// <summary>Writes samples [first, first + destination.Length) of <paramref name="samples"/> as digital values.</summary>
    public static void Digital(ReadOnlySpan<byte> samples, int first, int bytesPerSample, Span<int> destination)
    {
        for (int s = 0; s < destination.Length; s++)
        {
            destination[s] = Digital(samples, first + s, bytesPerSample);
        }
    }
}
