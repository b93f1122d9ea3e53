using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filtering;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Resampling;

/// <summary>
/// Integer down-sampling with an anti-alias filter, causal and streaming, as SciPy's
/// <c>decimate(x, q, ftype='iir', zero_phase=False)</c>: an 8th-order Chebyshev I low-pass (0.05 dB ripple) at
/// 0.8 x the new Nyquist frequency, then every q-th sample, counting from the first sample of the stream (so
/// the kept samples do not depend on block boundaries). Kept frames carry their own timestamp and input index.
/// </summary>
[Component(ComponentKind.Stage, "decimate", Summary = "integer down-sampling with an anti-alias low-pass (as SciPy's causal decimate)")]
public sealed class Decimate : IStage
{
    private SosFilterBank? _filter;
    private float[] _filtered = [];
    private int _channels;
    private long _phase; // samples seen modulo the factor

    /// <summary>Down-sampling factor.</summary>
    [Parameter("factor", Required = true, Help = "keep one sample in this many, e.g. 4 (1000 Hz -> 250 Hz)")]
    public int Factor { get; set; }

    /// <summary>Anti-alias filter order.</summary>
    [Parameter("order", Help = "order of the Chebyshev I anti-alias low-pass (default 8, as SciPy)")]
    public int Order { get; set; } = 8;

    /// <summary>The anti-alias sections (after Configure).</summary>
    public SecondOrderSections? Sections { get; private set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (Factor < 2) throw new StageConfigurationException("factor", $"factor must be at least 2, got {Factor}");
        SignalChecks.RequireRegularSignal(format, "decimate");
        try
        {
            // SciPy: cheby1(n, 0.05, 0.8 / q) with frequencies relative to Nyquist.
            Sections = FilterDesign.Design(FilterFamily.ChebyshevI, BandType.LowPass, Order, [0.8 / Factor * format.NominalRate / 2], format.NominalRate, 0.05);
        }
        catch (FilterDesignException e)
        {
            throw new StageConfigurationException(e.Parameter == "order" ? "order" : "factor", e.Message);
        }

        _channels = format.ChannelCount;
        _filter = new SosFilterBank(Sections, _channels);
        _filtered = new float[input.MaxFramesPerBlock * _channels];
        _phase = 0;
        int maxOut = input.MaxFramesPerBlock / Factor + 1;
        return new StageOutput(format with { NominalRate = format.NominalRate / Factor, SampleRate = format.NominalRate / Factor }, maxOut);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        int n = input.Count;
        int c = _channels;
        var filtered = _filtered.AsSpan(0, n * c);
        _filter!.Process(input.Values, filtered);
        // The first kept sample of this block: the next multiple of the factor in stream samples.
        int first = (int)((Factor - _phase % Factor) % Factor);
        int kept = first >= n ? 0 : (n - 1 - first) / Factor + 1;
        output.Count = kept;
        var values = output.Values;
        var times = input.Timestamps;
        var indices = input.SampleIndex;
        var arrivals = input.ArrivalTicks;
        for (int k = 0; k < kept; k++)
        {
            int i = first + k * Factor;
            filtered.Slice(i * c, c).CopyTo(values.Slice(k * c, c));
            output.SetFrameTime(k, times[i], indices[i], arrivals[i]);
        }

        _phase += n;
    }
}
