using NeuroRT.Formats.Edf;
using Xunit;

namespace NeuroRT.Formats.Tests.Edf;

/// <summary>What ../shared/data/README.md states about the PhysioNet EEG Motor Movement/Imagery files (section eegmmidb).</summary>
public sealed class EegmmidbFileTests
{
    private static string S001R04 => SharedData.File("eegmmidb", "S001R04.edf");

    [Fact]
    public void S001R04_is_EDF_plus_continuous_with_64_eeg_signals_at_160_Hz_and_one_annotation_signal()
    {
        using var edf = EdfFile.Open(S001R04);

        Assert.Equal(EdfVariant.EdfPlusContinuous, edf.Variant);
        Assert.Equal(65, edf.Signals.Count);
        Assert.Equal(64, edf.Signals.Count(s => !s.IsAnnotation && s.SampleRate == 160 && s.PhysicalDimension == "uV"));
        Assert.Equal("EDF Annotations", Assert.Single(edf.Signals, s => s.IsAnnotation).Label);
        Assert.Equal(125, edf.RecordCount);
        Assert.Equal(1.0, edf.RecordDuration);
    }

    [Fact]
    public void S001R04_labels_keep_their_trailing_dots()
    {
        using var edf = EdfFile.Open(S001R04);

        Assert.Equal("Fc5.", edf.Signals[0].Label);
        Assert.Equal("C3..", edf.Signals[8].Label);
        Assert.Equal("T10.", edf.Signals[43].Label);
        Assert.Equal("Iz..", edf.Signals[63].Label);
    }

    [Fact]
    public void S001R04_start_time_takes_the_year_from_the_EDF_plus_startdate()
    {
        using var edf = EdfFile.Open(S001R04);

        Assert.StartsWith("Startdate 12-AUG-2009", edf.RecordingId);
        Assert.Equal(new DateTime(2009, 8, 12, 16, 15, 0), edf.StartTime);
    }

    [Fact]
    public void S001R04_has_15_T0_8_T1_and_7_T2_annotations_of_4_1_to_4_2_seconds()
    {
        using var edf = EdfFile.Open(S001R04);

        Assert.Equal(15, edf.Annotations.Count(a => a.Text == "T0"));
        Assert.Equal(8, edf.Annotations.Count(a => a.Text == "T1"));
        Assert.Equal(7, edf.Annotations.Count(a => a.Text == "T2"));
        Assert.Equal(30, edf.Annotations.Count);
        Assert.All(edf.Annotations, a => Assert.InRange(a.Duration, 4.1, 4.2));
        Assert.Equal(0.0, edf.Annotations[0].Onset);
    }

    [Fact]
    public void S001R04_annotations_are_sorted_by_onset_and_lie_inside_the_recording()
    {
        using var edf = EdfFile.Open(S001R04);

        for (int i = 1; i < edf.Annotations.Count; i++)
        {
            Assert.True(edf.Annotations[i - 1].Onset <= edf.Annotations[i].Onset);
        }

        Assert.All(edf.Annotations, a => Assert.InRange(a.Onset, 0, edf.RecordCount * edf.RecordDuration));
    }
}
