namespace NeuroRT.Dashboard.Streaming;

/// <summary>
/// The frames waiting for one browser. Bounded: when the browser reads slower than frames come, the oldest waiting
/// frame is dropped and counted, so a slow browser costs only its own frames and never holds anything up.
/// </summary>
internal sealed class ClientQueue(int capacity)
{
    private readonly Queue<byte[]> _frames = new(capacity);
    private readonly SemaphoreSlim _ready = new(0);
    private long _dropped;

    /// <summary>Frames dropped for this browser.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Post(byte[] frame)
    {
        lock (_frames)
        {
            if (_frames.Count == capacity)
            {
                _frames.Dequeue();
                Interlocked.Increment(ref _dropped);
            }
            else _ready.Release();
            _frames.Enqueue(frame);
        }
    }

    public async Task<byte[]> TakeAsync(CancellationToken cancel)
    {
        await _ready.WaitAsync(cancel).ConfigureAwait(false);
        lock (_frames) return _frames.Dequeue();
    }
}
