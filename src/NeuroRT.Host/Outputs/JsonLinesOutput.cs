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

    /// <inheritdoc />
    public void Open(StreamFormat format)
    {
        if (Path.Length == 0) throw new StageConfigurationException("path", "give the file to write");
        string full = System.IO.Path.GetFullPath(Path);
        if (Directory.Exists(full)) throw new StageConfigurationException("path", $"'{full}' is a folder; give a file name such as commands.jsonl");
        _text = new FrameText(format);
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
