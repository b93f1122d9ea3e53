using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Streams;
using NeuroRT.Host.Terminal;

namespace NeuroRT.Host.Outputs;

/// <summary>Prints each frame (each decoded command) on stdout with its latency, as text or JSON lines.</summary>
[Component(ComponentKind.Output, "console", Summary = "print each decoded command with its latency on stdout")]
public sealed class ConsoleOutput : IPipelineOutput
{
    private FrameText? _text;

    /// <summary>Text or JSON lines.</summary>
    [Parameter("format", Help = "text or json (default text)")]
    public ConsoleFormat Format { get; set; } = ConsoleFormat.Text;

    /// <inheritdoc />
    public void Open(StreamFormat format) => _text = new FrameText(format);

    /// <inheritdoc />
    public void Write(OutputPacket packet)
    {
        FrameText text = _text!;
        for (int f = 0; f < packet.Frames.Count; f++)
            SharedConsole.WriteLine(Format == ConsoleFormat.Json ? text.Json(packet, f) : text.Text(packet, f));
    }

    /// <inheritdoc />
    public void Close() { }

    /// <inheritdoc />
    public void Dispose() { }
}
