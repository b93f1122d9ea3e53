using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>BioSemi BDF: 24-bit little-endian two's-complement samples and the 'Status' trigger channel.</summary>
public sealed class BdfTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Bdf_24_bit_samples_are_little_endian_and_sign_extended()
    {
        // Byte patterns around the sign bit (bit 23) and mixed bytes, with identity scaling.
        int[] values = [0, 1, -1, 8388607, -8388608, 0x123456, -0x123456, 0x00FF00, -256, 0x7F0000];
        var builder = new EdfTestFileBuilder { Bdf = true, Reserved = "24BIT" }.AddSignal("X", values.Length);
        builder.AddRecord(values);
        byte[] bytes = builder.Build();
        int data = 256 * 2;
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF }, bytes[(data + 6)..(data + 9)]);   // -1 as written by the builder
        Assert.Equal(new byte[] { 0x56, 0x34, 0x12 }, bytes[(data + 15)..(data + 18)]); // 0x123456, least significant byte first
        using var edf = EdfFile.Open(_temp.Write("pattern.bdf", bytes));
        var digital = new int[values.Length];
        var physical = new float[values.Length];

        edf.ReadDigital(0, 0, digital);
        edf.ReadRecordInterleaved(0, [0], physical);

        Assert.Equal(EdfVariant.Bdf, edf.Variant);
        Assert.Equal(3, edf.BytesPerSample);
        Assert.Equal(values, digital);
        Assert.Equal(values.Select(v => (float)v), physical);
    }

    [Fact]
    public void Bdf_status_words_with_bit_23_set_read_as_negative_like_the_reference()
    {
        var reference = EdfReference.For("bdf/test.bdf");
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));
        var block = reference.Blocks.First(b => b.Signal == 72 && b.FirstSample == 0);
        var digital = new int[block.Digital.Length];

        edf.ReadDigital(72, 0, digital);

        Assert.Equal("Status", edf.Signals[72].Label);
        Assert.All(block.Digital, v => Assert.True(v < 0, "the reference Status words of test.bdf have bit 23 set"));
        Assert.Equal(block.Digital, digital);
        Assert.Equal(0x980000, digital[0] & 0xFFFFFF); // status flags in bits 16-23, no trigger yet
    }

    [Theory]
    [InlineData("bdf/test.bdf")]
    [InlineData("bdf/test_bdf_stim_channel.bdf")]
    public void Status_channel_trigger_bits_match_reference(string file)
    {
        var reference = EdfReference.For(file);
        var status = reference.Status ?? throw new InvalidOperationException($"{file} has no Status entry in the fixture");
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));
        var digital = new int[edf.RecordCount * edf.Signals[status.Signal].SamplesPerRecord];

        edf.ReadDigital(status.Signal, 0, digital);

        // Trigger bits are the low 16 bits of the BioSemi Status word; bits 16-23 carry status flags.
        var values = new SortedSet<int>();
        var onsets = new List<long>();
        var ids = new List<int>();
        for (int s = 0; s < digital.Length; s++)
        {
            int trigger = digital[s] & 0xFFFF;
            values.Add(trigger);
            if (trigger != 0 && (s == 0 || trigger != (digital[s - 1] & 0xFFFF)))
            {
                onsets.Add(s);
                ids.Add(trigger);
            }
        }

        Assert.Equal("Status", edf.Signals[status.Signal].Label);
        Assert.Equal(status.TriggerValues, values);
        Assert.Equal(status.TriggerOnsets, onsets);
        Assert.Equal(status.TriggerIds, ids);
    }

    [Fact]
    public void Bdf_stim_channel_file_has_9_trigger_events_with_ids_1_2_and_4()
    {
        var status = EdfReference.For("bdf/test_bdf_stim_channel.bdf").Status!;

        Assert.Equal(9, status.TriggerOnsets.Length);
        Assert.Equal(new[] { 1, 2, 4 }, status.TriggerIds.Distinct().Order());
    }

    [Fact]
    public void Bdf_plus_discontinuous_reads_BDF_Annotations_from_3_byte_samples()
    {
        var builder = new EdfTestFileBuilder { Bdf = true, Reserved = "BDF+D" }.AddSignal("EEG", 2).AddAnnotationSignal(10);
        builder.AddRecord(new[] { -5, 5 }, "+0\u0014\u0014\0+0.25\u0014go\u0014\0");
        builder.AddRecord(new[] { -6, 6 }, "+3\u0014\u0014\0");
        using var edf = EdfFile.Open(_temp.Write("plus.bdf", builder.Build()));

        Assert.Equal(EdfVariant.BdfPlusDiscontinuous, edf.Variant);
        Assert.True(edf.Signals[1].IsAnnotation);
        Assert.Equal(3.0, edf.RecordOnset(1));
        Assert.Equal(new EdfAnnotation(0.25, 0, "go"), Assert.Single(edf.Annotations));
    }
}
