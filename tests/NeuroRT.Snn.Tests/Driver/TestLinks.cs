using NeuroRT.Devices.NeuroCoreX;
using NeuroRT.Snn.Link;

namespace NeuroRT.Snn.Tests.Driver;

/// <summary>
/// A link that records every host→board byte and answers from a <see cref="BoardLink"/>; optional hooks alter bytes in
/// transit or act before a read (to simulate a corrupted line or a second caller).
/// </summary>
internal sealed class CaptureLink(BoardLink inner) : INcxLink
{
    private long _written;

    public CaptureLink() : this(new BoardLink()) { }

    public BoardLink Inner { get; } = inner;

    public NcxBoard Board => Inner.Board;

    public List<byte> Written { get; } = [];

    /// <summary>Called with each host→board byte's stream position; returns the byte the board receives.</summary>
    public Func<long, byte, byte>? Corrupt { get; set; }

    /// <summary>Called before each read.</summary>
    public Action? BeforeRead { get; set; }

    /// <summary>When set, board→host bytes are swallowed (a dead line).</summary>
    public bool Mute { get; set; }

    public string Description => Inner.Description;

    public void Write(ReadOnlySpan<byte> data)
    {
        Written.AddRange(data.ToArray());
        if (Corrupt is null)
        {
            Inner.Write(data);
            _written += data.Length;
            return;
        }

        var copy = data.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Corrupt(_written + i, copy[i]);
        }

        _written += copy.Length;
        Inner.Write(copy);
    }

    public void Drain() => Inner.Drain();

    public int Read(Span<byte> buffer, TimeSpan timeout)
    {
        BeforeRead?.Invoke();
        if (Mute)
        {
            Inner.DiscardInput();
            Thread.Sleep(timeout);
            return 0;
        }

        return Inner.Read(buffer, timeout);
    }

    public void DiscardInput() => Inner.DiscardInput();

    public void Dispose() => Inner.Dispose();
}
