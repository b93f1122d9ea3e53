using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Filtering;

/// <summary>
/// IIR comb: notches at a fundamental and all its harmonics (mains at 50, 100, 150 Hz ...), as SciPy's iircomb.
/// Marker channels are copied through unchanged (<see cref="MarkerPassThrough"/>).
/// </summary>
[Component(ComponentKind.Stage, "comb", Summary = "IIR comb notching a frequency and all its harmonics (as SciPy's iircomb), e.g. mains")]
public sealed class CombStage : IStage
{
    private CombFilter? _comb;
    private MarkerPassThrough? _markers;

    /// <summary>Fundamental in Hz.</summary>
    [Parameter("frequency", Required = true, Quantity = Quantity.Frequency, Help = "fundamental to remove with its harmonics, e.g. 50Hz (the rate must be a multiple)")]
    public double Frequency { get; set; }

    /// <summary>Quality factor.</summary>
    [Parameter("q", Help = "quality factor: fundamental / notch width (default 30)")]
    public double Q { get; set; } = 30;

    /// <summary>Notch or peak.</summary>
    [Parameter("type", Help = "notch (remove the harmonics) or peak (keep only them) (default notch)")]
    public string Type { get; set; } = "notch";

    /// <summary>Whether 0 Hz passes.</summary>
    [Parameter("pass-zero", Help = "notch: keep DC (true) or notch it too (false, SciPy's default) (default false)")]
    public bool PassZero { get; set; }

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        SignalChecks.RequireRegularSignal(format, "a comb filter");
        bool peak = Type switch
        {
            "notch" => false,
            "peak" => true,
            _ => throw new StageConfigurationException("type", $"type must be notch or peak, got '{Type}'"),
        };
        _markers = MarkerPassThrough.For(format, input.MaxFramesPerBlock, "a comb filter");
        try
        {
            _comb = CombFilter.Design(Frequency, Q, format.NominalRate, peak, PassZero, _markers?.SignalChannels.Length ?? format.ChannelCount);
        }
        catch (FilterDesignException e)
        {
            throw new StageConfigurationException(e.Parameter, e.Message);
        }

        return new StageOutput(format, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        MarkerPassThrough.Filter(_markers, _comb!, input, output);
    }
}
