using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Filtering;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Resampling;

/// <summary>
/// Integer down-sampling with an anti-alias filter, causal and streaming, as SciPy's
/// <c>decimate(x, q, ftype='iir', zero_phase=False)</c>: an 8th-order Chebyshev I low-pass (0.05 dB ripple) at
/// 0.8 x the new Nyquist frequency, then every q-th sample, counting from the first sample of the stream (so
/// the kept samples do not depend on block boundaries). Kept frames carry their own timestamp and input index.
/// <para>Marker channels (<see cref="ChannelTypes.Marker"/>) are not filtered, and no marker is lost with a dropped
/// sample: a marker goes to the next kept sample at or after it (a marker on input sample i appears on output sample
/// ceil(i / factor), i.e. at most factor - 1 input samples late), with its code unchanged. When two markers of one
/// channel fall into the same output sample, the first is kept and the later one dropped and counted in
/// <see cref="DroppedMarkers"/>. A marker after the last kept sample waits for the next kept sample, so it is not emitted if
/// the stream ends first. The signal channels come out exactly as a stream of those channels alone would.</para>
/// </summary>
[Component(ComponentKind.Stage, "decimate", Summary = "integer down-sampling with an anti-alias low-pass (as SciPy's causal decimate)")]
public sealed class Decimate : IStage
{
    private SosFilterBank? _filter;
    private float[] _filtered = [];
    private int _channels;
    private long _phase; // samples seen modulo the factor
    private MarkerPassThrough? _markers;
    private float[] _pendingMarker = []; // per marker channel: the code waiting for the next kept sample, 0 for none

    /// <summary>Down-sampling factor.</summary>
    [Parameter("factor", Required = true, Help = "keep one sample in this many, e.g. 4 (1000 Hz -> 250 Hz)")]
    public int Factor { get; set; }

    /// <summary>Anti-alias filter order.</summary>
    [Parameter("order", Help = "order of the Chebyshev I anti-alias low-pass (default 8, as SciPy)")]
    public int Order { get; set; } = 8;

    /// <summary>The anti-alias sections (after Configure).</summary>
    public SecondOrderSections? Sections { get; private set; }

    /// <summary>Markers dropped because an earlier marker of the same channel already went to the same output sample.</summary>
    public long DroppedMarkers { get; private set; }

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
        _markers = MarkerPassThrough.For(format, 0, "decimate");
        int filtered = _markers?.SignalChannels.Length ?? _channels;
        _filter = new SosFilterBank(Sections, filtered);
        _filtered = new float[input.MaxFramesPerBlock * filtered];
        _pendingMarker = new float[_markers?.MarkerChannels.Length ?? 0];
        _phase = 0;
        DroppedMarkers = 0;
        int maxOut = input.MaxFramesPerBlock / Factor + 1;
        return new StageOutput(format with { NominalRate = format.NominalRate / Factor, SampleRate = format.NominalRate / Factor }, maxOut);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        if (_markers is not null)
        {
            ProcessWithMarkers(input, output, _markers);
            return;
        }

        int n = input.Count;
        int c = _channels;
        var filtered = _filtered.AsSpan(0, n * c);
        _filter!.Process(input.Values, filtered);
        int first = FirstKept();
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

    // The first kept sample of this block: the next multiple of the factor in stream samples.
    private int FirstKept() => (int)((Factor - _phase % Factor) % Factor);

    // As Process, the signal channels gathered and filtered on their own, each marker carried to the next kept sample.
    private void ProcessWithMarkers(SampleBlock input, SampleBlock output, MarkerPassThrough split)
    {
        int n = input.Count;
        int c = _channels;
        int k = split.SignalChannels.Length;
        var filtered = _filtered.AsSpan(0, n * k);
        ReadOnlySpan<float> values = input.Values;
        split.Gather(values, filtered);
        _filter!.Process(filtered, filtered);
        int next = FirstKept();
        output.Count = next >= n ? 0 : (n - 1 - next) / Factor + 1;
        var to = output.Values;
        ReadOnlySpan<int> markers = split.MarkerChannels;
        Span<float> pending = _pendingMarker;
        var times = input.Timestamps;
        var indices = input.SampleIndex;
        var arrivals = input.ArrivalTicks;
        int frame = 0;
        for (int t = 0; t < n; t++)
        {
            for (int m = 0; m < markers.Length; m++)
            {
                float code = values[t * c + markers[m]];
                if (code == 0) continue;
                if (pending[m] == 0) pending[m] = code;
                else DroppedMarkers++;
            }

            if (t != next) continue;
            split.ScatterSignal(filtered.Slice(t * k, k), to.Slice(frame * c, c));
            for (int m = 0; m < markers.Length; m++)
            {
                to[frame * c + markers[m]] = pending[m];
                pending[m] = 0;
            }

            output.SetFrameTime(frame++, times[t], indices[t], arrivals[t]);
            next += Factor;
        }

        _phase += n;
    }
}
