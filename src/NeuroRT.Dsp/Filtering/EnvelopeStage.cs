using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Features;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Filtering;

/// <summary>
/// Instantaneous band envelope per sample, causal (see <see cref="BandEnvelope"/>): per band a Butterworth band-pass
/// then a FIR Hilbert transformer, <c>|y[n - M] + j (h * y)[n]|</c>. One output channel per input channel and band
/// (<c>C3:8-12Hz</c>). Delay: <c>M = (taps - 1) / 2</c> samples from the transformer, plus the band-pass's group delay
/// (frequency dependent; <see cref="GroupDelay"/>). Followed by <c>window</c> and <c>energy</c> it gives each window's
/// mean squared envelope, the filter-Hilbert band power (as <c>bandpower</c> with <c>method: hilbert</c>).
/// </summary>
[Component(ComponentKind.Stage, "envelope", Summary = "band envelope per sample: Butterworth band-pass + causal FIR Hilbert transformer")]
public sealed class EnvelopeStage : IStage
{
    private BandEnvelope? _envelope;

    /// <summary>Bands as [low, high] in Hz.</summary>
    [Parameter("bands", Required = true, Help = "bands as [low, high] in Hz, strictly between 0 Hz and Nyquist, e.g. [[8, 12], [13, 30]]")]
    public double[][] Bands { get; set; } = [];

    /// <summary>Band-pass order.</summary>
    [Parameter("order", Help = "Butterworth band-pass order per band (default 4: 8 poles, as SciPy's butter)")]
    public int Order { get; set; } = 4;

    /// <summary>Hilbert transformer length (odd), or 0 for each band's own.</summary>
    [Parameter("taps", Help = "Hilbert transformer length, odd; delay (taps - 1) / 2 samples (default: per band, the smallest odd >= 2 fs / (distance of the band to 0 Hz or Nyquist), at least 13: gain within 1 % of 1 across the band)")]
    public int Taps { get; set; }

    /// <summary>Output the squared envelope instead.</summary>
    [Parameter("squared", Help = "output the squared envelope (instantaneous band power) instead of the envelope (default false)")]
    public bool Squared { get; set; }

    /// <summary>The Hilbert transformer length of each band (after Configure); its delay is (length - 1) / 2 samples.</summary>
    public IReadOnlyList<int> HilbertTaps { get; private set; } = [];

    /// <summary>The band-pass sections of each band (after Configure).</summary>
    public IReadOnlyList<SecondOrderSections> Sections { get; private set; } = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        SignalChecks.RequireRegularSignal(format, "envelope");
        var (sections, taps) = BandChecks.DesignHilbert(Bands, Order, Taps, format.NominalRate);
        Sections = sections;
        HilbertTaps = taps;
        _envelope = new BandEnvelope(sections, taps, format.ChannelCount, amplitude: !Squared);
        var channels = new List<ChannelInfo>();
        foreach (var ch in format.Channels)
            foreach (var band in Bands)
                channels.Add(new ChannelInfo($"{ch.Name}:{band[0]:0.##}-{band[1]:0.##}Hz", ChannelTypes.Feature, Squared && ch.Unit.Length > 0 ? $"{ch.Unit}^2" : ch.Unit));
        return new StageOutput(format with { Channels = channels }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        _envelope!.Process(input.Values, output.Values);
    }
}
