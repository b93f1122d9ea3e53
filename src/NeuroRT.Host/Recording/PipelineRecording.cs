using NeuroRT.Core.Outputs;
using NeuroRT.Core.Sources;
using NeuroRT.Formats.Recording;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Host.Recording;

/// <summary>
/// One pipeline run recorded to XDF (<c>neurort run --record FILE</c>): the input stream exactly as the pipeline
/// received it (every channel, marker channels included), each marker channel again as a string marker stream,
/// and, for every node an output reads, its frames (the commands) and their latency. The taps are pipeline outputs,
/// so they run on their output threads behind the pipeline's bounded channels and the file is written by the
/// recorder's own thread: the pipeline thread never touches the file. In a replay as fast as possible nothing is
/// dropped (back-pressure); in a real-time run a recorder that falls behind drops chunks, counted in its statistics.
/// </summary>
public sealed class PipelineRecording : IDisposable
{
    private readonly RecordingHeader _header;
    private readonly ISampleSource _source;
    private readonly List<(string Name, uint Id, string Role)> _streams = [];
    private XdfRecorder? _recorder;
    private int _openTaps;
    private bool _closed;

    internal PipelineRecording(string path, RecordingHeader header, ISampleSource source)
    {
        Path = System.IO.Path.GetFullPath(path);
        _header = header;
        _source = source;
    }

    /// <summary>The XDF file.</summary>
    public string Path { get; }

    /// <summary>The recorder (once the pipeline is built): bytes written, per-stream counts, drops, failure.</summary>
    public XdfRecorder? Recorder => _recorder;

    /// <summary>The streams recorded: name, XDF stream id, what they hold ("input", "markers", "frames", "latency").</summary>
    public IReadOnlyList<(string Name, uint Id, string Role)> Streams => _streams;

    /// <summary>True when the run is as fast as possible: the taps then wait for the recorder instead of dropping.</summary>
    internal bool Lossless => !_source.IsRealTime;

    internal Dictionary<float, string> MarkerTexts() => Recording.MarkerTexts.Of(_source);

    internal IPipelineOutput SourceTap(IEnumerable<string> outputs) => new InputTap(this, [.. outputs]);

    internal IPipelineOutput NodeTap(string node, IEnumerable<string> outputs) => new FrameTap(this, node, [.. outputs]);

    // Called from the taps' Open (while the pipeline is built, on the loading thread).
    internal uint AddStream(XdfStreamDescription description, string node, string role, string[] outputs)
    {
        lock (_streams)
        {
            _recorder ??= CreateRecorder();
            uint id = _recorder.AddStream(description with { DescXml = _header.DescXml(node, role, outputs) + (description.DescXml ?? "") });
            _streams.Add((description.Name, id, role));
            return id;
        }
    }

    internal void TapOpened()
    {
        lock (_streams) _openTaps++;
    }

    // Called from each tap's Close; the last one closes the file (footers, flush).
    internal void TapClosed()
    {
        lock (_streams)
        {
            if (--_openTaps > 0 || _closed) return;
            _closed = true;
            _recorder?.Close();
        }
    }

    private XdfRecorder CreateRecorder()
    {
        try
        {
            string? folder = System.IO.Path.GetDirectoryName(Path);
            if (folder is not null) Directory.CreateDirectory(folder);
            return new XdfRecorder(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Core.Stages.StageConfigurationException("record", $"cannot create the recording '{Path}': {e.Message}");
        }
    }

    /// <summary>Closes the file if the run did not (a failed start).</summary>
    public void Dispose()
    {
        lock (_streams)
        {
            if (_closed) return;
            _closed = true;
            _recorder?.Close();
            _recorder?.Dispose();
        }
    }
}
