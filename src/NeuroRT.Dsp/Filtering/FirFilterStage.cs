using System.Numerics;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Filtering;

/// <summary>
/// Linear-phase FIR filter (windowed sinc, as SciPy's <c>firwin</c>), causal direct form: each output is the dot
/// product of the taps with the latest samples, the last <c>taps - 1</c> samples of every channel carried across
/// blocks. Sums in double, vectorised across channels. Delay: <c>(taps - 1) / 2</c> samples at every frequency.
/// Marker channels are copied through unchanged, undelayed (<see cref="MarkerPassThrough"/>).
/// </summary>
[Component(ComponentKind.Stage, "fir", Summary = "linear-phase windowed-sinc FIR (as SciPy's firwin), delay (taps-1)/2 samples")]
public sealed class FirFilterStage : IStage
{
    private double[] _taps = [];
    private float[] _buffer = [];   // history (taps - 1 samples) followed by the current block, interleaved
    private MarkerPassThrough? _markers;
    private int _channels;          // the channels filtered: all but the marker channels
    private int _history;

    /// <summary>Number of taps.</summary>
    [Parameter("taps", Required = true, Help = "number of coefficients (odd for high-pass and band-stop), e.g. 101")]
    public int Taps { get; set; }

    /// <summary>Cut-off(s) in Hz.</summary>
    [Parameter("cutoff", Required = true, Help = "cut-off frequency in Hz, or two edges for band-pass/band-stop, e.g. [8, 30]")]
    public double[] Cutoff { get; set; } = [];

    /// <summary>Band type.</summary>
    [Parameter("band", Help = "lowpass, highpass, bandpass or bandstop (default lowpass)")]
    public string Band { get; set; } = "lowpass";

    /// <summary>Window.</summary>
    [Parameter("window", Help = "hamming, hann, blackman or boxcar (default hamming, as SciPy)")]
    public string Window { get; set; } = "hamming";

    /// <summary>The designed taps (after Configure).</summary>
    public ReadOnlySpan<double> Coefficients => _taps;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        SignalChecks.RequireRegularSignal(format, "a filter");
        var band = Band switch
        {
            "lowpass" => BandType.LowPass,
            "highpass" => BandType.HighPass,
            "bandpass" => BandType.BandPass,
            "bandstop" => BandType.BandStop,
            _ => throw new StageConfigurationException("band", $"band must be lowpass, highpass, bandpass or bandstop, got '{Band}'"),
        };
        var window = Window switch
        {
            "hamming" => FirWindow.Hamming,
            "hann" => FirWindow.Hann,
            "blackman" => FirWindow.Blackman,
            "boxcar" => FirWindow.Boxcar,
            _ => throw new StageConfigurationException("window", $"window must be hamming, hann, blackman or boxcar, got '{Window}'"),
        };
        try
        {
            _taps = FirDesign.Design(Taps, band, Cutoff, format.NominalRate, window);
        }
        catch (FilterDesignException e)
        {
            throw new StageConfigurationException(e.Parameter, e.Message);
        }

        _markers = MarkerPassThrough.For(format, input.MaxFramesPerBlock, "a filter");
        _channels = _markers?.SignalChannels.Length ?? format.ChannelCount;
        _history = Taps - 1;
        _buffer = new float[(_history + input.MaxFramesPerBlock) * _channels];
        return new StageOutput(format, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int n = input.Count, c = _channels, h = _history;
        var buffer = _buffer.AsSpan();
        Span<float> dst;
        if (_markers is null)
        {
            input.Values.CopyTo(buffer.Slice(h * c));
            dst = output.Values;
        }
        else
        {
            _markers.Gather(input.Values, buffer.Slice(h * c, n * c));
            dst = _markers.Scratch(n);
        }

        ReadOnlySpan<double> taps = _taps;
        int floats = Vector<float>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated && floats == 2 * Vector<double>.Count ? c - c % floats : 0;
        for (int t = 0; t < n; t++)
        {
            // Sample t of the block is at buffer row h + t; tap k multiplies row h + t - k. Channels side by side in
            // vectors, each widened to two double vectors; the rest one by one with the same fused operations in the
            // same order, so a channel's result does not depend on where it falls.
            int ch = 0;
            for (; ch < vectorEnd; ch += floats)
            {
                var low = Vector<double>.Zero;
                var high = Vector<double>.Zero;
                for (int k = 0; k < taps.Length; k++)
                {
                    Vector.Widen(new Vector<float>(buffer.Slice((h + t - k) * c + ch, floats)), out var x0, out var x1);
                    var tap = new Vector<double>(taps[k]);
                    low = Vector.FusedMultiplyAdd(tap, x0, low);
                    high = Vector.FusedMultiplyAdd(tap, x1, high);
                }

                Vector.Narrow(low, high).CopyTo(dst.Slice(t * c + ch, floats));
            }

            for (; ch < c; ch++)
            {
                double sum = 0;
                for (int k = 0; k < taps.Length; k++) sum = Math.FusedMultiplyAdd(taps[k], buffer[(h + t - k) * c + ch], sum);
                dst[t * c + ch] = (float)sum;
            }
        }

        // Keep the newest h samples as the next block's history.
        buffer.Slice(n * c, h * c).CopyTo(buffer);
        _markers?.Scatter(dst, input.Values, output.Values);
    }
}
