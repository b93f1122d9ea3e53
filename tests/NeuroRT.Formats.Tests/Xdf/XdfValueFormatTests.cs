using System.Buffers.Binary;
using NeuroRT.Formats.Tests.Xdf.Support;
using NeuroRT.Formats.Xdf;
using static NeuroRT.Formats.Tests.Xdf.Support.XdfTestFileBuilder;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>Every XDF value format decodes little-endian with its extremes; strings carry their own length fields.</summary>
public sealed class XdfValueFormatTests
{
    [Fact]
    public void Int8_values_are_signed() => AssertRoundTrip("int8", [sbyte.MinValue, -1, 0, sbyte.MaxValue], 1, (v, b) => b[0] = (byte)(sbyte)v);

    [Fact]
    public void Int16_values_are_little_endian() =>
        AssertRoundTrip("int16", [short.MinValue, -2, 0x1234, short.MaxValue], 2, (v, b) => BinaryPrimitives.WriteInt16LittleEndian(b, (short)v));

    [Fact]
    public void Int32_values_are_little_endian() =>
        AssertRoundTrip("int32", [int.MinValue, -3, 0x12345678, int.MaxValue], 4, (v, b) => BinaryPrimitives.WriteInt32LittleEndian(b, (int)v));

    [Fact]
    public void Int64_values_are_little_endian_and_exact_up_to_2_pow_53() =>
        AssertRoundTrip("int64", [-(1L << 53), -4, 0x0123456789AB, 1L << 53], 8, (v, b) => BinaryPrimitives.WriteInt64LittleEndian(b, (long)v));

    [Fact]
    public void Float32_values_are_ieee_single() =>
        AssertRoundTrip("float32", [float.MinValue, -0.5f, 1.25e-20f, float.MaxValue], 4, (v, b) => BinaryPrimitives.WriteSingleLittleEndian(b, (float)v));

    [Fact]
    public void Double64_values_are_ieee_double() =>
        AssertRoundTrip("double64", [double.MinValue, -Math.PI, 1e-300, double.MaxValue], 8, (v, b) => BinaryPrimitives.WriteDoubleLittleEndian(b, v));

    [Fact]
    public void String_values_are_utf8_with_1_4_or_8_byte_lengths()
    {
        string big = new('x', 300);
        byte[] samples =
        [
            .. Sample(1, [.. StringValue("ä€ marker", 1), .. StringValue("", 4)]),
            .. Sample(null, [.. StringValue(big, 4), .. StringValue("<x a=\"1\"/>", 8)]),
        ];
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(3, "M", 2, 0, "string").Samples(3, 2, samples).Build();

        XdfStream s = XdfFile.Parse(bytes, "strings.xdf").Streams[0];

        Assert.Equal(["ä€ marker", "", big, "<x a=\"1\"/>"], s.StringValues);
        Assert.Empty(s.NumericValues);
        // Irregular stream (rate 0): a sample without a stamp repeats the previous one.
        Assert.Equal([1.0, 1.0], s.RawTimestamps);
    }

    [Fact]
    public void Samples_without_stamps_step_by_one_over_the_nominal_rate_across_chunks()
    {
        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, "S", 1, 4, "int8")
            .Samples(1, 2, [.. Sample(10, [1]), .. Sample(null, [2])])
            .Samples(1, 2, [.. Sample(null, [3]), .. Sample(20, [4])])
            .Samples(1, 1, Sample(null, [5]))
            .Build();

        XdfStream s = XdfFile.Parse(bytes, "deltas.xdf").Streams[0];

        Assert.Equal([10.0, 10.25, 10.5, 20.0, 20.25], s.RawTimestamps);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], s.NumericValues);
    }

    private static void AssertRoundTrip(string format, double[] values, int size, Action<double, byte[]> write)
    {
        // Two samples of two channels: (v0, v1) and (v2, v3), so channel order and sample order are both checked.
        var encoded = new List<byte>();
        for (int k = 0; k < 2; k++)
        {
            var valueBytes = new List<byte>();
            for (int c = 0; c < 2; c++)
            {
                var b = new byte[size];
                write(values[(k * 2) + c], b);
                valueBytes.AddRange(b);
            }

            encoded.AddRange(Sample(k, [.. valueBytes]));
        }

        byte[] bytes = new XdfTestFileBuilder().FileHeader().StreamHeader(1, format, 2, 0, format).Samples(1, 2, [.. encoded]).Build();

        XdfStream s = XdfFile.Parse(bytes, format + ".xdf").Streams[0];

        Assert.Equal(format, s.Info.Name);
        Assert.Equal(values, s.NumericValues);
        Assert.Empty(s.StringValues);
    }
}
