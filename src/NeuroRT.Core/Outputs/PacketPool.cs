using NeuroRT.Core.Blocks;

namespace NeuroRT.Core.Outputs;

/// <summary>
/// A fixed set of <see cref="OutputPacket"/>s, made once. Rented on the pipeline thread, returned by
/// the output's thread. A plain stack under a monitor: uncontended, it costs tens of nanoseconds and
/// allocates nothing.
/// </summary>
internal sealed class PacketPool : IDisposable
{
    private readonly OutputPacket[] _free;
    private readonly OutputPacket[] _all;
    private int _count;

    public PacketPool(int packets, int channels, int frameLength, int framesPerPacket)
    {
        _free = new OutputPacket[packets];
        _all = new OutputPacket[packets];
        for (int i = 0; i < packets; i++)
            _all[i] = _free[i] = new OutputPacket(new SampleBlock(channels, frameLength, framesPerPacket));
        _count = packets;
    }

    public int Capacity => _all.Length;

    public bool TryRent(out OutputPacket packet)
    {
        lock (_free)
        {
            if (_count == 0)
            {
                packet = null!;
                return false;
            }
            packet = _free[--_count];
            return true;
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for a packet to come back.</summary>
    public bool TryRent(out OutputPacket packet, int timeoutMs)
    {
        lock (_free)
        {
            if (_count == 0) Monitor.Wait(_free, timeoutMs);
            if (_count == 0)
            {
                packet = null!;
                return false;
            }
            packet = _free[--_count];
            return true;
        }
    }

    public void Return(OutputPacket packet)
    {
        lock (_free)
        {
            _free[_count++] = packet;
            Monitor.Pulse(_free);
        }
    }

    public void Dispose()
    {
        foreach (var p in _all) p.Frames.Dispose();
    }
}
