using System.Buffers;

namespace NeuroRT.Plugins.Udp.Json;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over one preallocated array that never grows: the JSON encoder sizes it for the
/// largest datagram, so a request past its end is a sizing bug and throws instead of allocating.
/// </summary>
internal sealed class FixedBufferWriter(int capacity) : IBufferWriter<byte>
{
    private readonly byte[] _buffer = new byte[capacity];

    public int Written { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Written);

    public void Reset() => Written = 0;

    public void Advance(int count) => Written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Check(sizeHint);
        return _buffer.AsMemory(Written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Check(sizeHint);
        return _buffer.AsSpan(Written);
    }

    private void Check(int sizeHint)
    {
        if (_buffer.Length - Written < Math.Max(sizeHint, 1))
            throw new InvalidOperationException($"JSON datagram buffer of {_buffer.Length} bytes is too small (sizing error)");
    }
}
