using NeuroRT.Snn.Link;
using NeuroRT.Serial;

namespace NeuroRT.Devices.NeuroCoreX;

/// <summary>
/// An <see cref="INcxLink"/> to an in-process <see cref="NcxBoard"/>: writes go straight into the model, reads take
/// what it has produced. With a real-time board (<see cref="NcxBoard.RealTime"/>) each read first advances the board by
/// <see cref="TimestepsPerRead"/> timesteps, a deterministic stand-in for the wall clock that lets tests see the event
/// FIFO fill and drain. <see cref="Unplug"/> makes every later call throw <see cref="SerialPortClosedException"/>, as a
/// pulled USB cable does. Single-threaded, allocation-free.
/// </summary>
public sealed class BoardLink : INcxLink
{
    private bool _unplugged;
    private long _unplugAfter = long.MaxValue;

    /// <summary>Creates a link to <paramref name="board"/> (a fresh power-up board when null).</summary>
    public BoardLink(NcxBoard? board = null, int timestepsPerRead = 1)
    {
        Board = board ?? new NcxBoard();
        TimestepsPerRead = timestepsPerRead;
    }

    /// <summary>The model behind the link.</summary>
    public NcxBoard Board { get; }

    /// <summary>Timesteps a read advances a real-time board by (ignored for an as-fast-as-possible board).</summary>
    public int TimestepsPerRead { get; set; }

    /// <inheritdoc />
    public string Description => "virtual board (in-process)";

    /// <summary>Board→host bytes delivered so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Host→board bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Write calls so far.</summary>
    public long Writes { get; private set; }

    /// <summary>From now on every call throws <see cref="SerialPortClosedException"/>.</summary>
    public void Unplug() => _unplugged = true;

    /// <summary>Unplugs once <paramref name="bytes"/> board→host bytes have been delivered (to cut a run in the middle).</summary>
    public void UnplugAfterBytesRead(long bytes) => _unplugAfter = bytes;

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data)
    {
        CheckPlugged();
        Board.Write(data);
        BytesWritten += data.Length;
        Writes++;
    }

    /// <inheritdoc />
    public void Drain() => CheckPlugged();

    /// <summary>
    /// Returns what the board has produced. An as-fast-as-possible board produces nothing more without input, so an
    /// empty read waits out the timeout (as a silent serial line would) and returns 0.
    /// </summary>
    public int Read(Span<byte> buffer, TimeSpan timeout)
    {
        CheckPlugged();
        if (Board.RealTime && Board.Available == 0)
        {
            Board.Tick(TimestepsPerRead);
        }

        if (Board.Available == 0)
        {
            if (timeout > TimeSpan.Zero)
            {
                Thread.Sleep(timeout);
            }

            return 0;
        }

        int max = (int)Math.Min(buffer.Length, _unplugAfter - BytesRead);
        int n = Board.Read(buffer[..max]);
        BytesRead += n;
        if (BytesRead >= _unplugAfter)
        {
            _unplugged = true;
        }

        return n;
    }

    /// <inheritdoc />
    public void DiscardInput()
    {
        CheckPlugged();
        Span<byte> sink = stackalloc byte[256];
        while (Board.Read(sink) > 0)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose() => _unplugged = true;

    private void CheckPlugged()
    {
        if (_unplugged)
        {
            throw new SerialPortClosedException(Description, $"{Description}: unplugged (hang-up)");
        }
    }
}
