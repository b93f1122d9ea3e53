using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>ReadRecordInterleaved: layout, agreement with ReadPhysical, no allocation, argument checks.</summary>
public sealed class EdfRecordReadingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static string S001R04 => SharedData.File("eegmmidb", "S001R04.edf");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadRecordInterleaved_allocates_nothing_after_a_warm_up_call()
    {
        using var edf = EdfFile.Open(S001R04);
        int[] signals = Enumerable.Range(0, 64).ToArray();
        var destination = new float[160 * signals.Length];
        edf.ReadRecordInterleaved(0, signals, destination); // warm-up: JIT, first I/O

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int record = 1; record < edf.RecordCount; record++) // a new record each call, so each call reads the file
        {
            edf.ReadRecordInterleaved(record, signals, destination);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReadRecordInterleaved_is_sample_major_in_the_order_of_the_given_signals()
    {
        // Identity scaling (physical = digital) makes every value name its signal and sample: A = 100 + s, B = 200 + s, C = 300 + s.
        var builder = new EdfTestFileBuilder().AddSignal("A", 4).AddSignal("B", 4).AddSignal("C", 4);
        builder.AddRecord(new[] { 100, 101, 102, 103 }, new[] { 200, 201, 202, 203 }, new[] { 300, 301, 302, 303 });
        using var edf = EdfFile.Open(_temp.Write("abc.edf", builder.Build()));
        var destination = new float[12];

        edf.ReadRecordInterleaved(0, [2, 0, 1], destination);

        Assert.Equal(new float[] { 300, 100, 200, 301, 101, 201, 302, 102, 202, 303, 103, 203 }, destination);
    }

    [Fact]
    public void ReadRecordInterleaved_agrees_with_ReadPhysical_on_every_signal_of_several_records()
    {
        using var edf = EdfFile.Open(S001R04);
        int[] signals = Enumerable.Range(0, 64).ToArray();
        var interleaved = new float[160 * 64];
        var physical = new double[160];

        foreach (int record in new[] { 0, 1, 62, 124 })
        {
            edf.ReadRecordInterleaved(record, signals, interleaved);
            for (int k = 0; k < signals.Length; k++)
            {
                edf.ReadPhysical(signals[k], record * 160L, physical);
                for (int s = 0; s < 160; s++)
                {
                    // Same double expression on both paths; the interleaved one is rounded to float once.
                    Assert.Equal((float)physical[s], interleaved[s * 64 + k]);
                }
            }
        }
    }

    [Fact]
    public void ReadPhysical_reads_across_record_boundaries()
    {
        using var edf = EdfFile.Open(S001R04);
        var across = new double[400]; // samples 100..499: records 0, 1, 2 and 3
        var single = new double[160];

        edf.ReadPhysical(3, 100, across);

        for (int record = 0; record < 4; record++)
        {
            edf.ReadPhysical(3, record * 160L, single);
            for (int s = 0; s < 160; s++)
            {
                long sample = record * 160L + s;
                if (sample >= 100 && sample < 500)
                {
                    Assert.Equal(single[s], across[sample - 100]);
                }
            }
        }
    }

    [Fact]
    public void ReadRecordInterleaved_rejects_signals_with_different_samples_per_record_naming_both()
    {
        var builder = new EdfTestFileBuilder().AddSignal("Fast", 8).AddSignal("Slow", 2);
        builder.AddRecord(new int[8], new int[2]);
        using var edf = EdfFile.Open(_temp.Write("rates.edf", builder.Build()));

        var error = Assert.Throws<ArgumentException>(() => edf.ReadRecordInterleaved(0, [0, 1], new float[16]));

        Assert.Contains("signals 0 'Fast' (8 samples per record) and 1 'Slow' (2 samples per record)", error.Message);
    }

    [Fact]
    public void ReadRecordInterleaved_rejects_the_annotation_signal()
    {
        using var edf = EdfFile.Open(S001R04);

        var error = Assert.Throws<ArgumentException>(() => edf.ReadRecordInterleaved(0, [64], new float[160]));

        Assert.Contains("signal 64 'EDF Annotations' is an annotation signal", error.Message);
    }

    [Fact]
    public void ReadRecordInterleaved_rejects_a_destination_shorter_than_one_record()
    {
        using var edf = EdfFile.Open(S001R04);

        var error = Assert.Throws<ArgumentException>(() => edf.ReadRecordInterleaved(0, [0, 1], new float[319]));

        Assert.Contains("needs 320", error.Message);
    }

    [Fact]
    public void Reads_outside_the_file_throw_ArgumentOutOfRangeException()
    {
        using var edf = EdfFile.Open(S001R04);

        Assert.Throws<ArgumentOutOfRangeException>(() => edf.ReadRecordInterleaved(125, [0], new float[160]));
        Assert.Throws<ArgumentOutOfRangeException>(() => edf.ReadRecordInterleaved(-1, [0], new float[160]));
        Assert.Throws<ArgumentOutOfRangeException>(() => edf.ReadRecordInterleaved(0, [65], new float[160]));
        Assert.Throws<ArgumentOutOfRangeException>(() => edf.ReadPhysical(0, 20000 - 9, new double[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => edf.ReadPhysical(0, -1, new double[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => edf.RecordOnset(125));
    }

    [Fact]
    public void Reading_after_dispose_throws_ObjectDisposedException()
    {
        var edf = EdfFile.Open(S001R04);
        edf.Dispose();

        Assert.Throws<ObjectDisposedException>(() => edf.ReadRecordInterleaved(0, [0], new float[160]));
    }

    [Fact]
    public void Gain_and_offset_map_the_digital_limits_onto_the_physical_limits()
    {
        var builder = new EdfTestFileBuilder().AddSignal("S", 2, physicalMin: -500, physicalMax: 1500, digitalMin: -2048, digitalMax: 2047);
        builder.AddRecord(new[] { -2048, 2047 });
        using var edf = EdfFile.Open(_temp.Write("scaled.edf", builder.Build()));
        var physical = new double[2];

        edf.ReadPhysical(0, 0, physical);

        Assert.Equal(2000.0 / 4095, edf.Signals[0].Gain);
        Assert.Equal(1500 - 2000.0 / 4095 * 2047, edf.Signals[0].Offset);
        Assert.Equal(-500, physical[0], 1e-9);
        Assert.Equal(1500, physical[1], 1e-9);
    }
}
