using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Filtering;

namespace NeuroRT.Dsp.Tests.Filters;

/// <summary>Every filter stage filters the signal channels only and copies marker channels through unchanged.</summary>
public sealed class FilterMarkerTests
{
    public static TheoryData<string> Filters() => new() { "lowpass", "highpass", "bandpass", "bandstop", "notch", "fir", "comb" };

    private static IStage Make(string filter) => filter switch
    {
        "lowpass" => new LowPassStage { Cutoff = 40 },
        "highpass" => new HighPassStage { Cutoff = 0.5 },
        "bandpass" => new BandPassStage { Low = 8, High = 30, Design = "chebyshev1" },
        "bandstop" => new BandStopStage { Low = 48, High = 52, Design = "chebyshev2" },
        "notch" => new NotchStage { Frequency = 50 },
        "fir" => new FirFilterStage { Taps = 101, Cutoff = [8, 30], Band = "bandpass" },
        "comb" => new CombStage { Frequency = 50 },
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_filter_gives_the_signal_channels_as_alone_and_the_marker_channels_unchanged_at_any_block_size_without_allocating(string filter) =>
        MarkerStreams.AssertMarkersPassThrough(() => Make(filter), 250, MarkerStreams.Same);

    [Theory]
    [MemberData(nameof(Filters))]
    public void A_filter_on_marker_channels_only_is_refused(string filter)
    {
        var format = new StreamFormat("cues", [new ChannelInfo("events", ChannelTypes.Marker, "")], 250);
        var e = Assert.Throws<StageConfigurationException>(() => Make(filter).Configure(new StageInput(format, 64)));
        Assert.Contains("every channel of the input 'cues' (events) is a marker channel", e.Message);
    }
}
