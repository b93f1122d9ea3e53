using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Spatial;

/// <summary>
/// Bipolar montage: each output channel is one input channel minus another (<c>Fp1-F7</c>). Pairs are written as
/// <c>A-B</c>; channel names that themselves contain dashes are handled by trying every split. The preset
/// <c>double-banana</c> is the 18-pair longitudinal montage of the CHB-MIT recordings. Marker channels
/// (<see cref="ChannelTypes.Marker"/>) cannot be in a pair; they follow the pairs in the output, unchanged and with
/// their names, so markers survive the montage for an epochs stage downstream.
/// </summary>
[Component(ComponentKind.Stage, "bipolar", Summary = "bipolar montage: differences of channel pairs, e.g. the double banana")]
public sealed class BipolarMontage : IStage
{
    /// <summary>The longitudinal bipolar ("double banana") montage, in CHB-MIT's channel order.</summary>
    public static readonly string[] DoubleBanana =
    [
        "FP1-F7", "F7-T7", "T7-P7", "P7-O1", "FP1-F3", "F3-C3", "C3-P3", "P3-O1", "FP2-F4",
        "F4-C4", "C4-P4", "P4-O2", "FP2-F8", "F8-T8", "T8-P8", "P8-O2", "FZ-CZ", "CZ-PZ",
    ];

    private int[] _plus = [];
    private int[] _minus = [];
    private int[] _markers = [];
    private int _inChannels;
    private int _outChannels;

    /// <summary>Pairs as <c>A-B</c> (A minus B).</summary>
    [Parameter("pairs", Help = "pairs as A-B (A minus B), e.g. [Fp1-F7, F7-T7]")]
    public string[] Pairs { get; set; } = [];

    /// <summary>A named montage instead of pairs.</summary>
    [Parameter("montage", Help = "a named montage instead of pairs: double-banana (the 18 longitudinal pairs of CHB-MIT)")]
    public string Montage { get; set; } = "";

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        string parameter = Montage.Length > 0 ? "montage" : "pairs";
        string[] pairs = Montage switch
        {
            "" => Pairs,
            "double-banana" => DoubleBanana,
            _ => throw new StageConfigurationException("montage", $"unknown montage '{Montage}'; known: double-banana"),
        };
        if (Montage.Length > 0 && Pairs.Length > 0) throw new StageConfigurationException("pairs", "give pairs or a montage, not both");
        if (pairs.Length == 0) throw new StageConfigurationException("pairs", "give at least one pair such as Fp1-F7 (or montage: double-banana)");
        _plus = new int[pairs.Length];
        _minus = new int[pairs.Length];
        var channels = new ChannelInfo[pairs.Length];
        for (int k = 0; k < pairs.Length; k++)
        {
            (_plus[k], _minus[k]) = Resolve(format, pairs[k], parameter);
            SpatialChannels.RequireSignal(format, _plus[k], parameter, $"part of the pair '{pairs[k]}'");
            SpatialChannels.RequireSignal(format, _minus[k], parameter, $"part of the pair '{pairs[k]}'");
            var a = format.Channels[_plus[k]];
            channels[k] = new ChannelInfo($"{a.Name.TrimEnd('.')}-{format.Channels[_minus[k]].Name.TrimEnd('.')}", a.Type, a.Unit);
        }

        var all = SpatialChannels.WithMarkers(format, channels, parameter, out _markers);
        _inChannels = format.ChannelCount;
        _outChannels = all.Length;
        return new StageOutput(format with { Channels = all }, input.MaxFramesPerBlock);
    }

    // Tries every dash as the separator; the first split whose two halves are both channels wins.
    private static (int Plus, int Minus) Resolve(StreamFormat format, string pair, string parameter)
    {
        for (int at = pair.IndexOf('-'); at > 0; at = pair.IndexOf('-', at + 1))
        {
            int plus = SpatialChannels.TryFind(format, pair[..at]);
            int minus = SpatialChannels.TryFind(format, pair[(at + 1)..]);
            if (plus >= 0 && minus >= 0)
            {
                if (plus == minus) throw new StageConfigurationException(parameter, $"pair '{pair}' subtracts a channel from itself");
                return (plus, minus);
            }
        }

        int dash = pair.IndexOf('-');
        if (dash <= 0 || dash == pair.Length - 1) throw new StageConfigurationException(parameter, $"'{pair}' is not a pair: write it as A-B, e.g. Fp1-F7");
        // Name the half that is missing, with suggestions.
        SpatialChannels.Require(format, pair[..dash], parameter);
        SpatialChannels.Require(format, pair[(dash + 1)..], parameter);
        throw new StageConfigurationException(parameter, $"pair '{pair}' cannot be split into two input channels");
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int inC = _inChannels, outC = _outChannels, pairs = _plus.Length;
        int samples = input.Count * input.FrameLength;
        ReadOnlySpan<float> src = input.Values;
        Span<float> dst = output.Values;
        ReadOnlySpan<int> plus = _plus, minus = _minus, markers = _markers;
        for (int s = 0; s < samples; s++)
        {
            var row = src.Slice(s * inC, inC);
            var to = dst.Slice(s * outC, outC);
            for (int k = 0; k < pairs; k++) to[k] = row[plus[k]] - row[minus[k]];
            for (int m = 0; m < markers.Length; m++) to[pairs + m] = row[markers[m]];
        }
    }
}
