using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Host.Outputs;

/// <summary>
/// Writes each frame as one JSON object per line to a file. Each packet is flushed to the OS as it
/// is written, so a crash loses nothing already emitted. The path is checked when the pipeline is
/// validated, but the file is only created when the run starts writing (validating changes no file).
/// </summary>
[Component(ComponentKind.Output, "jsonl", Summary = "write each decoded command as a JSON line to a file")]
public sealed class JsonLinesOutput : IPipelineOutput
{
    private static readonly byte[] NewLine = [(byte)'\n'];
    private FrameText? _text;
    private FileStream? _file;

    /// <summary>File to write (relative to the working directory).</summary>
    [Parameter("path", Required = true, Help = "file to write, relative to the working directory, e.g. commands.jsonl")]
    public string Path { get; set; } = "";

    /// <summary>Append instead of replacing.</summary>
    [Parameter("append", Help = "append to an existing file instead of replacing it (default false)")]
    public bool Append { get; set; }

    /// <summary>Write each frame's latency (wall clock); false gives a log that depends only on the input samples.</summary>
    [Parameter("latency", Help = "write each frame's latency_ms (wall clock; default true). false: the log depends only on the input samples, so two runs over one recording give byte-identical files")]
    public bool Latency { get; set; } = true;

    /// <inheritdoc />
    public void Open(StreamFormat format)
    {
        if (Path.Length == 0) throw new StageConfigurationException("path", "give the file to write");
        string full = System.IO.Path.GetFullPath(Path);
        if (Directory.Exists(full)) throw new StageConfigurationException("path", $"'{full}' is a folder; give a file name such as commands.jsonl");
        _text = new FrameText(format, Latency);
    }

    /// <inheritdoc />
    public void Write(OutputPacket packet)
    {
        FileStream file = _file ?? Create();
        for (int f = 0; f < packet.Frames.Count; f++)
        {
            file.Write(_text!.Json(packet, f));
            file.Write(NewLine);
        }
        file.Flush();
    }

    /// <inheritdoc />
    public void Close() => (_file ?? Create()).Flush();

    private FileStream Create()
    {
        string full = System.IO.Path.GetFullPath(Path);
        try
        {
            string? folder = System.IO.Path.GetDirectoryName(full);
            if (folder is not null) Directory.CreateDirectory(folder);
            return _file = new FileStream(full, Append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"output jsonl cannot write '{full}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
