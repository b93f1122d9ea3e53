using System.Buffers.Binary;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Rings;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Tests.Xdf.Support;
using B = NeuroRT.Formats.Tests.Xdf.Support.XdfTestFileBuilder;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>Small XDF files for the replay tests, built byte by byte, and a replay run that keeps every sample.</summary>
internal static class XdfRecordings
{
    /// <summary>The value of sample k, channel c in <see cref="Signal"/> files: unique, exact in float32.</summary>
    public static float Value(long k, int c) => k * 10 + c;

    /// <summary>
    /// A file with a float32 signal stream 'amp' (id 1) of <paramref name="samples"/> samples at <paramref name="rate"/> Hz,
    /// stamped <paramref name="t0"/> + k / rate, written in chunks of 100, and a string marker stream 'Markers' (id 2)
    /// with the given markers. Returns the path of a temporary file.
    /// </summary>
    public static string Signal(int channels, double rate, int samples, double t0 = 10, params (double Time, string Text)[] markers)
    {
        var b = new B().FileHeader();
        string labels = "<desc><channels>" + string.Concat(Enumerable.Range(0, channels).Select(c => $"<channel><label>C{c + 1}</label><unit>microvolts</unit></channel>")) + "</channels></desc>";
        b.StreamHeader(1, "amp", channels, rate, "float32", labels);
        b.StreamHeader(2, "Markers", 1, 0, "string");
        for (int first = 0; first < samples; first += 100)
        {
            int n = Math.Min(100, samples - first);
            var bytes = new List<byte>();
            for (int k = first; k < first + n; k++)
            {
                var values = new byte[channels * 4];
                for (int c = 0; c < channels; c++) BinaryPrimitives.WriteSingleLittleEndian(values.AsSpan(c * 4), Value(k, c));
                bytes.AddRange(B.Sample(t0 + k / rate, values));
            }

            b.Samples(1, n, [.. bytes], countSize: 4);
        }

        foreach (var (time, text) in markers) b.Samples(2, 1, B.Sample(time, B.StringValue(text)));
        b.StreamFooter(1).StreamFooter(2);
        string path = Path.Combine(Path.GetTempPath(), $"neurort-replay-{Guid.NewGuid():N}.xdf");
        File.WriteAllBytes(path, b.Build());
        return path;
    }

    /// <summary>Runs an opened source (speed 0) into a ring that holds everything; returns values, stamps and indices.</summary>
    public static (float[] Values, double[] Times, long[] Index) Run(RecordingSource source, int channels, int samples)
    {
        var ring = new SampleRing(channels, samples + 1);
        source.Run(ring, CancellationToken.None);
        using var block = new SampleBlock(channels, 1, samples + 1);
        int n = ring.Read(block, samples + 1);
        return (block.Values[..(n * channels)].ToArray(), block.Timestamps[..n].ToArray(), block.SampleIndex[..n].ToArray());
    }
}
