using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Fitting;
using NeuroRT.Dsp.Spatial;

namespace NeuroRT.Dsp.Features;

/// <summary>What the <c>csp</c> stage emits.</summary>
public enum CspOutput
{
    /// <summary>One frame per window: the log of each component's share of the total variance (the usual CSP feature).</summary>
    Features,
    /// <summary>The spatially filtered components themselves, sample by sample (frames as the input's).</summary>
    Signals,
}

/// <summary>
/// Applies CSP filters fitted offline (<c>neurort fit csp</c>) to each window: component <c>z_k = w_k' x</c>, feature
/// <c>log(var z_k / sum_j var z_j)</c> (Ramoser et al. 2000; normalising by the total removes the window's overall
/// power, so a feature moves only with the balance between the classes' spatial patterns). The filters come inline or
/// from the fit file, whose channel labels pick the input channels by name. Sums in double; 0 bytes allocated per
/// <see cref="Process"/>. No delay of its own: the window sets the latency.
/// </summary>
[Component(ComponentKind.Stage, "csp", Summary = "CSP features per window (log normalised variance of each spatially filtered component), filters fitted offline")]
public sealed class CspFeatures : IStage
{
    private double[] _filters = [];
    private int[] _columns = [];
    private double[] _mean = [];
    private double[] _centred = [];
    private double[] _variances = [];
    private int _width;
    private int _length;
    private int _components;

    /// <summary>Filters inline, one row per component.</summary>
    [Parameter("filters", Help = "one row per component, one weight per input channel (or per channel in 'channels'); or use 'file'")]
    public double[][] Filters { get; set; } = [];

    /// <summary>A file written by <c>neurort fit csp</c>.</summary>
    [Parameter("file", InputFile = true, Help = "CSP filters written by 'neurort fit csp', relative to the pipeline file, e.g. csp.json")]
    public string File { get; set; } = "";

    /// <summary>Input channels the filter columns refer to.</summary>
    [Parameter("channels", Help = "input channels the filter columns refer to, in order (default: the file's channels; with inline filters, all input channels)")]
    public string[] Channels { get; set; } = [];

    /// <summary>Features or the component signals.</summary>
    [Parameter("output", Help = "features (one log normalised variance per component per window) or signals (the components, sample by sample) (default features)")]
    public CspOutput Output { get; set; } = CspOutput.Features;

    /// <summary>Added to each variance, so that a flat window gives log(1/K) instead of NaN.</summary>
    [Parameter("floor", Help = "added to each component's variance, in squared signal units (default 1e-12)")]
    public double Floor { get; set; } = 1e-12;

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        if (Output == CspOutput.Features && format.FrameLength < 2)
            throw new StageConfigurationException(null, "csp features need windows of at least 2 samples; put a 'window' stage before it (or use output: signals on the plain signal)");
        if (!(Floor >= 0)) throw new StageConfigurationException("floor", $"floor must be >= 0, got {Floor}");
        var (rows, names, origin) = Source();
        string parameter = File.Length > 0 && Channels.Length == 0 ? "file" : "channels";
        _width = format.ChannelCount;
        _columns = new int[names.Length == 0 ? _width : names.Length];
        for (int c = 0; c < _columns.Length; c++)
        {
            try
            {
                _columns[c] = names.Length == 0 ? c : SpatialChannels.Require(format, names[c], parameter);
            }
            catch (StageConfigurationException e) when (parameter == "file")
            {
                throw new StageConfigurationException("file", $"{origin} was fitted on {names.Length} channels ({string.Join(", ", names.Take(8))}{(names.Length > 8 ? ", ..." : "")}), but {e.Message}");
            }
        }

        string columnsAre = names.Length == 0
            ? $"the input '{format.Name}' has {_width} channels ({format.DescribeChannels(8)}); list the input channels the columns refer to in 'channels'"
            : parameter == "file" ? $"the file lists {names.Length} channels" : $"'channels' lists {names.Length} channels";
        _components = rows.Length;
        _filters = new double[_components * _columns.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != _columns.Length)
                throw new StageConfigurationException(File.Length > 0 ? "file" : "filters", $"{origin}: filter {r + 1} has {rows[r].Length} weights but {columnsAre}");
            for (int c = 0; c < _columns.Length; c++)
            {
                if (!double.IsFinite(rows[r][c])) throw new StageConfigurationException(File.Length > 0 ? "file" : "filters", $"{origin}: filter {r + 1}, weight {c + 1} is not a finite number");
                _filters[r * _columns.Length + c] = rows[r][c];
            }
        }

        _length = format.FrameLength;
        _mean = new double[_columns.Length];
        _centred = new double[_columns.Length];
        _variances = new double[_components];
        var channels = new ChannelInfo[_components];
        for (int k = 0; k < _components; k++)
            channels[k] = new ChannelInfo($"csp{k + 1}", Output == CspOutput.Features ? ChannelTypes.Feature : "component", "");
        return new StageOutput(format with { Channels = channels, FrameLength = Output == CspOutput.Features ? 1 : format.FrameLength }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        if (Output == CspOutput.Signals)
        {
            CspKernel.Signals(input.Values, input.Count * _length, _width, _columns, _filters, _components, output.Values);
            return;
        }

        for (int f = 0; f < input.Count; f++)
            CspKernel.Features(input.Frame(f), _length, _width, _columns, _filters, Floor, _mean, _centred, _variances, output.Frame(f));
    }

    private (double[][] Rows, string[] Names, string Origin) Source()
    {
        if (Filters.Length > 0 && File.Length > 0) throw new StageConfigurationException("file", "give either 'filters' or 'file', not both");
        if (File.Length == 0)
        {
            if (Filters.Length == 0) throw new StageConfigurationException(null, "give the CSP filters: 'file: csp.json' (written by 'neurort fit csp') or 'filters: [[...], ...]'");
            return (Filters, Channels, "'filters'");
        }

        CspFile file;
        try
        {
            file = CspFile.Load(File);
        }
        catch (FitFileException e)
        {
            throw new StageConfigurationException("file", e.Message, e);
        }

        if (Channels.Length != 0 && Channels.Length != file.Channels.Length)
            throw new StageConfigurationException("channels", $"'channels' lists {Channels.Length} channels but {Path.GetFileName(File)} was fitted on {file.Channels.Length} ({string.Join(", ", file.Channels.Take(8))}{(file.Channels.Length > 8 ? ", ..." : "")})");
        return (file.Fit.Filters, Channels.Length != 0 ? Channels : file.Channels, Path.GetFileName(File));
    }
}
