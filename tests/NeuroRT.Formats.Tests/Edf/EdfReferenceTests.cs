using System.Security.Cryptography;
using NeuroRT.Formats.Edf;
using NeuroRT.Formats.Tests.Edf.Support;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>
/// Compares the reader with Fixtures/edf_reference.json (tools/reference/edf_reference.py) on every shared EDF/BDF file.
/// </summary>
/// <remarks>
/// Tolerances. Header facts (names, rates, units, counts) and digital samples must match exactly. Physical values are
/// digital * gain + offset in double on both sides, so they differ at most by rounding:
/// - ReadRecordInterleaved returns float32, whose rounding error is at most 2^-24 (6e-8) of the value; the values of
///   these files lie within about one physical range of 0, so |error| &lt;= 1e-6 x |physical max - physical min| holds
///   with a wide margin while still catching any wrong gain, offset, byte order or sign extension (one digital step
///   is at least 1/65535 of the range for EDF, 1/16777215 for BDF, i.e. 6e-8 of the range: the float32 bound allows
///   about 17 steps of 24-bit BDF, which is why the exact digital comparison below backs it up).
/// - ReadPhysical returns double: |error| &lt;= 1e-9 x range leaves room only for a different but equivalent evaluation order.
/// Annotations: onset and duration within 1e-9 s (both sides parse the same decimal text to the nearest double), text exact.
/// </remarks>
public sealed class EdfReferenceTests
{
    private const double FloatTolerancePerRange = 1e-6;
    private const double DoubleTolerancePerRange = 1e-9;
    private const double TimeTolerance = 1e-9;

    public static TheoryData<string> Files => EdfReference.Files;

    [Theory]
    [MemberData(nameof(Files))]
    public void Shared_file_is_the_one_the_reference_was_computed_from(string file)
    {
        var reference = EdfReference.For(file);
        byte[] bytes = File.ReadAllBytes(EdfReference.PathOf(reference));

        Assert.Equal(reference.Bytes, bytes.LongLength);
        Assert.Equal(reference.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Header_fields_match_reference(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));

        Assert.Equal(reference.Variant, edf.Variant.ToString());
        Assert.Equal(reference.PatientId, edf.PatientId);
        Assert.Equal(reference.RecordingId, edf.RecordingId);
        Assert.Equal(reference.StartTime, edf.StartTime);
        Assert.Equal(reference.HeaderBytes, edf.HeaderBytes);
        Assert.Equal(reference.DeclaredRecords, edf.DeclaredRecordCount);
        Assert.Equal(reference.NRecords, edf.RecordCount);
        Assert.Equal(reference.RecordDuration, edf.RecordDuration);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Signal_labels_rates_units_and_ranges_match_reference(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));

        Assert.Equal(reference.Labels, edf.Signals.Select(s => s.Label));
        Assert.Equal(reference.Transducers, edf.Signals.Select(s => s.TransducerType));
        Assert.Equal(reference.PhysicalDimensions, edf.Signals.Select(s => s.PhysicalDimension));
        Assert.Equal(reference.Prefilterings, edf.Signals.Select(s => s.Prefiltering));
        Assert.Equal(reference.PhysicalMinimums, edf.Signals.Select(s => s.PhysicalMinimum));
        Assert.Equal(reference.PhysicalMaximums, edf.Signals.Select(s => s.PhysicalMaximum));
        Assert.Equal(reference.DigitalMinimums, edf.Signals.Select(s => s.DigitalMinimum));
        Assert.Equal(reference.DigitalMaximums, edf.Signals.Select(s => s.DigitalMaximum));
        Assert.Equal(reference.SamplesPerRecord, edf.Signals.Select(s => s.SamplesPerRecord));
        Assert.Equal(reference.SampleRates, edf.Signals.Select(s => s.SampleRate));
        Assert.Equal(reference.IsAnnotation, edf.Signals.Select(s => s.IsAnnotation));
        Assert.Equal(Enumerable.Range(0, reference.Labels.Length), edf.Signals.Select(s => s.Index));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Valid_reference_file_opens_without_warnings(string file)
    {
        using var edf = EdfFile.Open(EdfReference.PathOf(EdfReference.For(file)));

        Assert.Empty(edf.Warnings);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadDigital_matches_reference_samples_exactly(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));
        var digital = new int[EdfReference.BlockLength];

        foreach (var block in reference.Blocks)
        {
            edf.ReadDigital(block.Signal, block.FirstSample, digital);
            Assert.Equal(block.Digital, digital);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadPhysical_matches_reference_within_1e9_of_range(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));
        var physical = new double[EdfReference.BlockLength];

        foreach (var block in reference.Blocks)
        {
            edf.ReadPhysical(block.Signal, block.FirstSample, physical);
            double tolerance = DoubleTolerancePerRange * Range(edf.Signals[block.Signal]);
            for (int s = 0; s < physical.Length; s++)
            {
                Assert.True(Math.Abs(physical[s] - block.Physical[s]) <= tolerance,
                    $"{file} signal {block.Signal} sample {block.FirstSample + s}: {physical[s]:R} vs reference {block.Physical[s]:R} (tolerance {tolerance:R})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ReadRecordInterleaved_matches_reference_within_float32_tolerance(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));

        // All chosen signals of a file share one sample rate, so one interleaved read per record covers them all.
        int[] chosen = reference.Blocks.Select(b => b.Signal).Distinct().ToArray();
        int samplesPerRecord = edf.Signals[chosen[0]].SamplesPerRecord;
        Assert.All(chosen, signal => Assert.Equal(samplesPerRecord, edf.Signals[signal].SamplesPerRecord));
        var interleaved = new float[samplesPerRecord * chosen.Length];
        int checkedBlocks = 0;

        foreach (var block in reference.Blocks)
        {
            int record = (int)(block.FirstSample / samplesPerRecord);
            int within = (int)(block.FirstSample % samplesPerRecord);
            if (within + block.Physical.Length > samplesPerRecord)
            {
                continue; // crosses a record boundary: covered by ReadPhysical
            }

            edf.ReadRecordInterleaved(record, chosen, interleaved);
            int column = Array.IndexOf(chosen, block.Signal);
            double tolerance = FloatTolerancePerRange * Range(edf.Signals[block.Signal]);
            for (int s = 0; s < block.Physical.Length; s++)
            {
                float value = interleaved[(within + s) * chosen.Length + column];
                Assert.True(Math.Abs(value - block.Physical[s]) <= tolerance,
                    $"{file} record {record} signal {block.Signal} sample {within + s}: {value:R} vs reference {block.Physical[s]:R} (tolerance {tolerance:R})");
            }

            checkedBlocks++;
        }

        Assert.True(checkedBlocks >= chosen.Length, $"{file}: only {checkedBlocks} reference blocks lie inside one record");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Annotations_match_reference_exactly(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));

        Assert.Equal(reference.Annotations.Length, edf.Annotations.Count);
        for (int i = 0; i < reference.Annotations.Length; i++)
        {
            var expected = reference.Annotations[i];
            var actual = edf.Annotations[i];
            Assert.Equal(expected.Text, actual.Text);
            Assert.True(Math.Abs(expected.Onset - actual.Onset) <= TimeTolerance, $"{file} annotation {i} onset {actual.Onset:R} vs {expected.Onset:R}");
            Assert.True(Math.Abs(expected.Duration - actual.Duration) <= TimeTolerance, $"{file} annotation {i} duration {actual.Duration:R} vs {expected.Duration:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void RecordOnset_matches_reference_time_keeping(string file)
    {
        var reference = EdfReference.For(file);
        using var edf = EdfFile.Open(EdfReference.PathOf(reference));

        for (int record = 0; record < edf.RecordCount; record++)
        {
            // Files without an annotation signal have no time keeping: records follow each other.
            double expected = reference.RecordOnsets?[record] ?? record * reference.RecordDuration;
            Assert.True(Math.Abs(edf.RecordOnset(record) - expected) <= TimeTolerance, $"{file} record {record}: {edf.RecordOnset(record):R} vs {expected:R}");
        }
    }

    private static double Range(EdfSignal signal) => Math.Abs(signal.PhysicalMaximum - signal.PhysicalMinimum);
}
