using NeuroRT.Snn.Link;
using NeuroRT.Snn.Serial;

namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>
/// The in-process virtual board as a byte link: writes go to <see cref="NcxBoard.Write"/>, reads return what the board
/// has produced (a batch run's whole reply is ready when its terminator has been written, so reads never wait).
/// <see cref="Unplug"/> makes every later call fail as a serial port does when its device is gone, for tests of a
/// host's recovery.
/// </summary>
public sealed class NcxBoardLink : INcxLink
{
    private bool _unplugged;

    /// <summary>
    /// A link to <paramref name="board"/> (a new board by default), described as <paramref name="description"/> (tests
    /// give it a tty path to stand in for a real board).
    /// </summary>
    public NcxBoardLink(NcxBoard? board = null, string? description = null)
    {
        Board = board ?? new NcxBoard();
        Description = description ?? "virtual board (in-process)";
        Board.Read(new byte[1]); // the power-up 0x00 (spec §3): a host opening a port later never sees it
    }

    /// <summary>The model behind the link.</summary>
    public NcxBoard Board { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Simulates pulling the USB cable: every later call throws <see cref="SerialPortClosedException"/>.</summary>
    public void Unplug() => _unplugged = true;

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data)
    {
        Check();
        Board.Write(data);
    }

    /// <inheritdoc />
    public void Drain() => Check();

    /// <inheritdoc />
    public int Read(Span<byte> buffer, TimeSpan timeout)
    {
        Check();
        return Board.Read(buffer);
    }

    /// <inheritdoc />
    public void DiscardInput()
    {
        Check();
        Span<byte> sink = stackalloc byte[256];
        while (Board.Read(sink) > 0)
        {
        }
    }

    private void Check()
    {
        if (_unplugged)
        {
            throw new SerialPortClosedException(Description, $"{Description}: the device is gone (unplugged)");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _unplugged = true;
}
