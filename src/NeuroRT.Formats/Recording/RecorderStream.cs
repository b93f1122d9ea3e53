using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Formats.Recording;

/// <summary>
/// One recorded stream: its description, the producer-side counts (under a lock: producers and readers of
/// <see cref="XdfRecorder.Stats"/> are different threads) and the recorder-thread side facts for the footer.
/// </summary>
internal sealed class RecorderStream(uint id, XdfStreamDescription description)
{
    private readonly Lock _lock = new();
    private long _samples;
    private long _chunks;
    private long _droppedChunks;
    private long _droppedSamples;
    private double _first = double.NaN;
    private double _last = double.NaN;

    public uint Id { get; } = id;

    public XdfStreamDescription Description { get; } = description;

    public int Channels { get; } = description.Channels.Count;

    public XdfChannelFormat Format { get; } = description.Format;

    // Recorder thread only: what was written, for the footer.
    public long WrittenSamples;
    public double WrittenFirst;
    public double WrittenLast;
    public readonly List<XdfClockOffset> ClockOffsets = [];

    public void Accepted(ReadOnlySpan<double> timestamps)
    {
        lock (_lock)
        {
            if (_samples == 0) _first = timestamps[0];
            _last = timestamps[^1];
            _samples += timestamps.Length;
            _chunks++;
        }
    }

    public void Dropped(int samples)
    {
        lock (_lock)
        {
            _droppedChunks++;
            _droppedSamples += samples;
        }
    }

    public XdfRecordedStreamStats Stats()
    {
        lock (_lock) return new XdfRecordedStreamStats(_samples, _chunks, _droppedChunks, _droppedSamples, _first, _last);
    }
}
