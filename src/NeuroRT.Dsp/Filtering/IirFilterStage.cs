using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Filtering;

/// <summary>
/// The shared body of the IIR filter stages: checks the input is a regular signal, designs the sections at its
/// rate (a bad request is an error naming the parameter), then filters every block with a <see cref="SosFilterBank"/>,
/// causally and with state carried across blocks. Output format = input format; one output frame per input sample.
/// Marker channels (<see cref="ChannelTypes.Marker"/>) are copied through unchanged; the others are filtered exactly as
/// a stream of those channels alone would be (<see cref="MarkerPassThrough"/>).
/// </summary>
public abstract class IirFilterStage : IStage
{
    private SosFilterBank? _bank;
    private MarkerPassThrough? _markers;

    /// <summary>The designed sections (after Configure).</summary>
    public SecondOrderSections? Sections { get; private set; }

    /// <summary>Designs the filter for a signal sampled at <paramref name="fs"/> Hz.</summary>
    protected abstract SecondOrderSections DesignFor(double fs);

    /// <summary>The pipeline-file parameter a design error is about (the design calls a single cut-off "frequency").</summary>
    protected virtual string ParameterFor(string designParameter) => designParameter;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        SignalChecks.RequireRegularSignal(format, "a filter");
        try
        {
            Sections = DesignFor(format.NominalRate);
        }
        catch (FilterDesignException e)
        {
            throw new StageConfigurationException(ParameterFor(e.Parameter), e.Message);
        }

        _markers = MarkerPassThrough.For(format, input.MaxFramesPerBlock, "a filter");
        _bank = new SosFilterBank(Sections, _markers?.SignalChannels.Length ?? format.ChannelCount);
        return new StageOutput(format, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        MarkerPassThrough.Filter(_markers, _bank!, input, output);
    }
}

/// <summary>The band filters' shared parameters: design family, order, ripple, attenuation.</summary>
public abstract class BandFilterStage : IirFilterStage
{
    /// <summary>Design family for the band filters.</summary>
    [Parameter("design", Help = "butterworth, chebyshev1 or chebyshev2 (default butterworth)")]
    public string Design { get; set; } = "butterworth";

    /// <summary>Prototype order.</summary>
    [Parameter("order", Help = "filter order (default 4; band-pass and band-stop filters get twice as many poles, as in SciPy)")]
    public int Order { get; set; } = 4;

    /// <summary>Chebyshev I pass-band ripple in dB.</summary>
    [Parameter("ripple", Help = "pass-band ripple in dB for chebyshev1 (default 1)")]
    public double Ripple { get; set; } = 1;

    /// <summary>Chebyshev II stop-band attenuation in dB.</summary>
    [Parameter("attenuation", Help = "stop-band attenuation in dB for chebyshev2 (default 40)")]
    public double Attenuation { get; set; } = 40;

    /// <summary>Designs the band filter with the chosen family.</summary>
    protected abstract SecondOrderSections DesignFor(double fs, FilterFamily family);

    /// <inheritdoc />
    protected sealed override SecondOrderSections DesignFor(double fs)
    {
        var family = Design switch
        {
            "butterworth" => FilterFamily.Butterworth,
            "chebyshev1" => FilterFamily.ChebyshevI,
            "chebyshev2" => FilterFamily.ChebyshevII,
            _ => throw new FilterDesignException("design", $"design must be butterworth, chebyshev1 or chebyshev2, got '{Design}'"),
        };
        return DesignFor(fs, family);
    }
}

/// <summary>A band filter with one cut-off (low-pass, high-pass).</summary>
public abstract class CutoffFilterStage(BandType band) : BandFilterStage
{
    /// <summary>Cut-off in Hz.</summary>
    [Parameter("cutoff", Required = true, Quantity = Quantity.Frequency, Help = "cut-off frequency, e.g. 40Hz or 0.5Hz")]
    public double Cutoff { get; set; }

    /// <inheritdoc />
    protected override SecondOrderSections DesignFor(double fs, FilterFamily family) =>
        FilterDesign.Design(family, band, Order, [Cutoff], fs, Ripple, Attenuation);

    // The design calls a single cut-off "frequency"; the pipeline file calls it "cutoff".
    /// <inheritdoc />
    protected override string ParameterFor(string designParameter) => designParameter == "frequency" ? "cutoff" : designParameter;
}

/// <summary>A band filter with two edges (band-pass, band-stop).</summary>
public abstract class EdgeFilterStage(BandType band) : BandFilterStage
{
    /// <summary>Lower edge in Hz.</summary>
    [Parameter("low", Required = true, Quantity = Quantity.Frequency, Help = "lower edge, e.g. 8Hz")]
    public double Low { get; set; }

    /// <summary>Upper edge in Hz.</summary>
    [Parameter("high", Required = true, Quantity = Quantity.Frequency, Help = "upper edge, e.g. 30Hz")]
    public double High { get; set; }

    /// <inheritdoc />
    protected override SecondOrderSections DesignFor(double fs, FilterFamily family) =>
        FilterDesign.Design(family, band, Order, [Low, High], fs, Ripple, Attenuation);
}

/// <summary>Low-pass IIR filter.</summary>
[Component(ComponentKind.Stage, "lowpass", Summary = "causal IIR low-pass (Butterworth or Chebyshev)")]
public sealed class LowPassStage() : CutoffFilterStage(BandType.LowPass);

/// <summary>High-pass IIR filter.</summary>
[Component(ComponentKind.Stage, "highpass", Summary = "causal IIR high-pass (Butterworth or Chebyshev), e.g. drift removal")]
public sealed class HighPassStage() : CutoffFilterStage(BandType.HighPass);

/// <summary>Band-pass IIR filter.</summary>
[Component(ComponentKind.Stage, "bandpass", Summary = "causal IIR band-pass (Butterworth or Chebyshev), e.g. mu/beta 8-30 Hz")]
public sealed class BandPassStage() : EdgeFilterStage(BandType.BandPass);

/// <summary>Band-stop IIR filter.</summary>
[Component(ComponentKind.Stage, "bandstop", Summary = "causal IIR band-stop (Butterworth or Chebyshev), e.g. 48-52 Hz")]
public sealed class BandStopStage() : EdgeFilterStage(BandType.BandStop);

/// <summary>IIR notch (mains interference).</summary>
[Component(ComponentKind.Stage, "notch", Summary = "second-order IIR notch at one frequency (as SciPy's iirnotch), e.g. 50 Hz mains")]
public sealed class NotchStage : IirFilterStage
{
    /// <summary>Notch frequency in Hz.</summary>
    [Parameter("frequency", Required = true, Quantity = Quantity.Frequency, Help = "frequency to remove, e.g. 50Hz")]
    public double Frequency { get; set; }

    /// <summary>Quality factor (frequency / -3 dB bandwidth).</summary>
    [Parameter("q", Help = "quality factor: frequency / bandwidth (default 30)")]
    public double Q { get; set; } = 30;

    /// <inheritdoc />
    protected override SecondOrderSections DesignFor(double fs) => FilterDesign.Notch(Frequency, Q, fs);
}
