using NeuroRT.Core.Blocks;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Spatial;

/// <summary>
/// Linear spatial projection <c>y = M x</c> at every sample: ICA unmixing, CSP or any spatial filter trained offline.
/// Rows of the matrix are output channels, columns the input channels (all but the marker channels, or those listed
/// in <c>channels</c>, in that order). Sums run in double. Marker channels (<see cref="ChannelTypes.Marker"/>) cannot be
/// columns; they follow the components in the output, unchanged and with their names.
/// </summary>
[Component(ComponentKind.Stage, "project", Summary = "linear spatial projection by a matrix (ICA/CSP filters trained offline)")]
public sealed class LinearProjection : IStage
{
    private double[] _matrix = [];
    private int[] _columns = [];
    private int[] _markers = [];
    private int _inChannels;
    private int _outChannels;   // components, then the marker channels
    private int _components;

    /// <summary>The matrix, one row per output channel.</summary>
    [Parameter("matrix", Required = true, Help = "one row per output channel, one column per input channel, e.g. [[0.5, -0.5], [1, 1]]")]
    public double[][] Matrix { get; set; } = [];

    /// <summary>Input channels the columns refer to (default: all but marker channels).</summary>
    [Parameter("channels", Help = "input channels the columns refer to, in column order (default: all but marker channels, in input order)")]
    public string[] Channels { get; set; } = [];

    /// <summary>Output channel names.</summary>
    [Parameter("names", Help = "names of the output channels (default: comp1, comp2, ...)")]
    public string[] Names { get; set; } = [];

    /// <inheritdoc />
    public StageOutput Configure(StageInput input)
    {
        var format = input.Format;
        _inChannels = format.ChannelCount;
        _columns = Channels.Length == 0
            ? Enumerable.Range(0, _inChannels).Where(c => !ChannelTypes.IsMarker(format.Channels[c])).ToArray()
            : Channels.Select(c => SpatialChannels.Require(format, c, "channels")).ToArray();
        if (Channels.Length > 0) foreach (int c in _columns) SpatialChannels.RequireSignal(format, c, "channels", "a column of the matrix");
        if (Matrix.Length == 0) throw new StageConfigurationException("matrix", "give at least one row");
        _components = Matrix.Length;
        _matrix = new double[_components * _columns.Length];
        for (int r = 0; r < Matrix.Length; r++)
        {
            if (Matrix[r].Length != _columns.Length)
                throw new StageConfigurationException("matrix", $"row {r + 1} has {Matrix[r].Length} columns but there are {_columns.Length} input channels ({(Channels.Length == 0 ? (_columns.Length < _inChannels ? "all of the input but its marker channels" : "all of the input") : "as listed in channels")})");
            for (int c = 0; c < _columns.Length; c++)
            {
                if (!double.IsFinite(Matrix[r][c])) throw new StageConfigurationException("matrix", $"row {r + 1}, column {c + 1} is not a finite number");
                _matrix[r * _columns.Length + c] = Matrix[r][c];
            }
        }

        if (Names.Length != 0 && Names.Length != _components)
            throw new StageConfigurationException("names", $"{Names.Length} names for {_components} output channels");
        var channels = new ChannelInfo[_components];
        for (int r = 0; r < _components; r++) channels[r] = new ChannelInfo(Names.Length > 0 ? Names[r] : $"comp{r + 1}", "component", "");
        var all = SpatialChannels.WithMarkers(format, channels, "names", out _markers);
        _outChannels = all.Length;
        return new StageOutput(format with { Channels = all }, input.MaxFramesPerBlock);
    }

    /// <inheritdoc />
    public void Process(SampleBlock input, SampleBlock output)
    {
        output.CopyFrameTimesFrom(input);
        int inC = _inChannels, outC = _outChannels, components = _components, cols = _columns.Length;
        int samples = input.Count * input.FrameLength;
        ReadOnlySpan<float> src = input.Values;
        Span<float> dst = output.Values;
        ReadOnlySpan<double> m = _matrix;
        ReadOnlySpan<int> columns = _columns, markers = _markers;
        for (int s = 0; s < samples; s++)
        {
            var row = src.Slice(s * inC, inC);
            var to = dst.Slice(s * outC, outC);
            for (int j = 0; j < markers.Length; j++) to[components + j] = row[markers[j]];
            for (int r = 0; r < components; r++)
            {
                var weights = m.Slice(r * cols, cols);
                double sum = 0;
                for (int c = 0; c < cols; c++) sum += weights[c] * row[columns[c]];
                to[r] = (float)sum;
            }
        }
    }
}
