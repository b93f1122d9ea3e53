using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using NeuroRT.Formats.Xdf;
using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Formats.Recording;

/// <summary>
/// Records streams to an XDF file from any number of producer threads. Producers (pipeline outputs, LSL inlets)
/// only copy their chunk into a pooled buffer and put it on a bounded channel; one dedicated recorder thread owns the
/// <see cref="XdfWriter"/>: it writes headers, samples and clock offsets in queue order, flushes to the operating
/// system at least every <see cref="XdfRecorderOptions.FlushInterval"/> (so a killed process loses at most that
/// much), writes a boundary chunk every <see cref="XdfRecorderOptions.BoundaryInterval"/>, and on <see cref="Close"/>
/// drains the queue and writes one footer per stream. A write error (disk full, device gone) stops the recording:
/// the error is kept in <see cref="Failure"/> with the file named, and every later Append returns false.
/// </summary>
public sealed class XdfRecorder : IDisposable
{
    private readonly XdfWriter _writer;
    private readonly XdfRecorderOptions _options;
    private readonly Channel<RecorderItem> _queue;
    private readonly ConcurrentQueue<RecorderItem> _pool = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _streamsLock = new();
    private RecorderStream[] _streams = [];
    private Exception? _failure;
    private long _bytesWritten;
    private int _closing;

    /// <summary>Creates the file (magic and file header written at once) and starts the recorder thread.</summary>
    public XdfRecorder(string path, XdfRecorderOptions? options = null)
    {
        _options = options ?? new XdfRecorderOptions();
        if (_options.QueueChunks < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.QueueChunks, "QueueChunks must be at least 1");
        if (_options.FlushInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), _options.FlushInterval, "FlushInterval must be positive");
        if (_options.BoundaryInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), _options.BoundaryInterval, "BoundaryInterval must be positive");
        _writer = XdfWriter.Create(path);
        try
        {
            // The magic and file header on disk at once: a recording killed before its first flush still reads.
            _writer.Flush();
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        _bytesWritten = _writer.BytesWritten;
        _queue = Channel.CreateBounded<RecorderItem>(new BoundedChannelOptions(_options.QueueChunks)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _thread = new Thread(Run) { Name = "xdf-recorder " + System.IO.Path.GetFileName(path), IsBackground = true };
        _thread.Start();
    }

    /// <summary>The file recorded to.</summary>
    public string Path => _writer.Path;

    /// <summary>Bytes written to the file so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Time since the recorder was created.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The write error that stopped the recording (an <see cref="IOException"/> naming the file), else null.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Adds a stream; its header is written on the recorder thread before any of its samples. Returns its id
    /// (1, 2, ... in the order added).</summary>
    public uint AddStream(XdfStreamDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.Channels.Count < 1) throw new ArgumentException($"stream '{description.Name}': a stream needs at least one channel", nameof(description));
        _ = XdfHeaderXml.StreamHeader(description); // refuses bad DescXml here, on the caller's thread, with the stream named
        if (Volatile.Read(ref _closing) != 0) throw new InvalidOperationException($"{Path}: the recording is closed");
        RecorderStream stream;
        lock (_streamsLock)
        {
            stream = new RecorderStream((uint)_streams.Length + 1, description);
            var item = new RecorderItem { Kind = RecorderItemKind.Header, Stream = stream };
            // The header must not be dropped: wait for room. Published only once queued, so samples follow it.
            if (!Enqueue(item, wait: true, CancellationToken.None) && Failure is null) throw new InvalidOperationException($"{Path}: the recording is closed");
            _streams = [.. _streams, stream];
        }

        return stream.Id;
    }

    /// <summary>Queues samples (sample-major, one time stamp per sample). <paramref name="wait"/> false: never blocks,
    /// returns false and counts a drop when the queue is full; true: waits for room (lossless back-pressure) until
    /// <paramref name="cancel"/>. False also once the recording failed or is closed.</summary>
    public bool Append(uint streamId, ReadOnlySpan<double> timestamps, ReadOnlySpan<float> values, bool wait, CancellationToken cancel = default)
    {
        RecorderStream stream = Numeric(streamId, timestamps.Length, values.Length);
        if (!Accepting) return false;
        if (timestamps.IsEmpty) return true;
        RecorderItem item = Rent();
        item.Fill(RecorderItemKind.Floats, stream, timestamps, values.Length);
        item.Copy(values);
        return Submit(item, stream, timestamps, wait, cancel);
    }

    /// <inheritdoc cref="Append(uint, ReadOnlySpan{double}, ReadOnlySpan{float}, bool, CancellationToken)"/>
    public bool Append(uint streamId, ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values, bool wait, CancellationToken cancel = default)
    {
        RecorderStream stream = Numeric(streamId, timestamps.Length, values.Length);
        if (!Accepting) return false;
        if (timestamps.IsEmpty) return true;
        RecorderItem item = Rent();
        item.Fill(RecorderItemKind.Doubles, stream, timestamps, values.Length);
        item.Copy(values);
        return Submit(item, stream, timestamps, wait, cancel);
    }

    /// <summary>Queues string samples (samples x channels, sample-major) of a string stream; as <see cref="Append(uint, ReadOnlySpan{double}, ReadOnlySpan{float}, bool, CancellationToken)"/>.</summary>
    public bool AppendStrings(uint streamId, ReadOnlySpan<double> timestamps, ReadOnlySpan<string> values, bool wait, CancellationToken cancel = default)
    {
        RecorderStream stream = Lookup(streamId);
        if (stream.Format != XdfChannelFormat.String) throw new InvalidOperationException($"{Path}: stream {streamId} ('{stream.Description.Name}') is not a string stream: use Append");
        CheckShape(stream, timestamps.Length, values.Length);
        if (!Accepting) return false;
        if (timestamps.IsEmpty) return true;
        RecorderItem item = Rent();
        item.Fill(RecorderItemKind.Strings, stream, timestamps, values.Length);
        item.Copy(values);
        return Submit(item, stream, timestamps, wait, cancel);
    }

    /// <summary>Queues a clock offset of a stream (waits for room: offsets are few and must not be lost).</summary>
    public void AppendClockOffset(uint streamId, double collectionTime, double offsetValue)
    {
        RecorderStream stream = Lookup(streamId);
        if (!Accepting) return;
        var item = new RecorderItem { Kind = RecorderItemKind.ClockOffset, Stream = stream, Time = collectionTime, Offset = offsetValue };
        Enqueue(item, wait: true, CancellationToken.None);
    }

    /// <summary>What was accepted and dropped for a stream so far.</summary>
    public XdfRecordedStreamStats Stats(uint streamId) => Lookup(streamId).Stats();

    /// <summary>Drains the queue, writes a footer per stream, flushes and closes the file; waits for the recorder
    /// thread. Idempotent. Does not throw for write errors: see <see cref="Failure"/>.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0) _queue.Writer.TryComplete();
        _thread.Join();
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    private bool Accepting => Volatile.Read(ref _closing) == 0 && Volatile.Read(ref _failure) is null;

    private bool Submit(RecorderItem item, RecorderStream stream, ReadOnlySpan<double> timestamps, bool wait, CancellationToken cancel)
    {
        if (Enqueue(item, wait, cancel))
        {
            stream.Accepted(timestamps);
            // Queued, but a failure meanwhile means it will not be written: say so.
            return Failure is null;
        }

        Return(item);
        if (Accepting) stream.Dropped(timestamps.Length);
        return false;
    }

    private bool Enqueue(RecorderItem item, bool wait, CancellationToken cancel)
    {
        ChannelWriter<RecorderItem> writer = _queue.Writer;
        if (writer.TryWrite(item)) return true;
        if (!wait) return false;
        try
        {
            while (writer.WaitToWriteAsync(cancel).AsTask().GetAwaiter().GetResult())
            {
                if (writer.TryWrite(item)) return true;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    private RecorderItem Rent() => _pool.TryDequeue(out RecorderItem? item) ? item : new RecorderItem();

    private void Return(RecorderItem item)
    {
        if (item.Kind is RecorderItemKind.Header or RecorderItemKind.ClockOffset) return;
        item.Reset();
        _pool.Enqueue(item);
    }

    private RecorderStream Lookup(uint streamId)
    {
        RecorderStream[] streams = Volatile.Read(ref _streams);
        if (streamId == 0 || streamId > streams.Length) throw new ArgumentException($"{Path}: no stream {streamId} (streams are 1 to {streams.Length}, in the order added)", nameof(streamId));
        return streams[streamId - 1];
    }

    private RecorderStream Numeric(uint streamId, int samples, int values)
    {
        RecorderStream stream = Lookup(streamId);
        if (stream.Format == XdfChannelFormat.String) throw new InvalidOperationException($"{Path}: stream {streamId} ('{stream.Description.Name}') is a string stream: use AppendStrings");
        CheckShape(stream, samples, values);
        return stream;
    }

    private void CheckShape(RecorderStream stream, int samples, int values)
    {
        if ((long)samples * stream.Channels != values)
            throw new ArgumentException($"{Path}: stream {stream.Id} ('{stream.Description.Name}'): {values} values for {samples} time stamps of {stream.Channels} channels (expected {(long)samples * stream.Channels}, sample-major)", nameof(values));
    }

    // The recorder thread: the only one touching the writer.
    private void Run()
    {
        ChannelReader<RecorderItem> reader = _queue.Reader;
        long flushTicks = Ticks(_options.FlushInterval), boundaryTicks = Ticks(_options.BoundaryInterval);
        long lastFlush = Stopwatch.GetTimestamp(), nextBoundary = lastFlush + boundaryTicks;
        bool dirty = false, sinceBoundary = false;
        Task<bool>? waiting = null;
        while (true)
        {
            while (reader.TryRead(out RecorderItem? item))
            {
                Write(item);
                Return(item);
                dirty = sinceBoundary = true;
                if (Stopwatch.GetTimestamp() - lastFlush >= flushTicks) break; // flush even under a steady stream
            }

            long now = Stopwatch.GetTimestamp();
            if (sinceBoundary && now >= nextBoundary)
            {
                Guard(_writer.WriteBoundary);
                sinceBoundary = false;
                nextBoundary = now + boundaryTicks;
            }

            if (dirty && now - lastFlush >= flushTicks)
            {
                Guard(_writer.Flush);
                dirty = false;
                lastFlush = now;
            }

            long until = dirty ? lastFlush + flushTicks : nextBoundary;
            int timeout = (int)Math.Clamp((until - now) * 1000 / Stopwatch.Frequency, 1, 1000);
            waiting ??= reader.WaitToReadAsync().AsTask();
            if (!waiting.Wait(timeout)) continue;
            bool more = waiting.Result;
            waiting = null;
            if (!more) break;
        }

        Finish();
    }

    private void Write(RecorderItem item)
    {
        if (Failure is not null) return;
        RecorderStream s = item.Stream;
        try
        {
            switch (item.Kind)
            {
                case RecorderItemKind.Header:
                    _writer.WriteStreamHeader(s.Id, s.Description);
                    break;
                case RecorderItemKind.ClockOffset:
                    _writer.WriteClockOffset(s.Id, item.Time, item.Offset);
                    s.ClockOffsets.Add(new XdfClockOffset(item.Time, item.Offset));
                    break;
                default:
                    ReadOnlySpan<double> stamps = item.Timestamps.AsSpan(0, item.Samples);
                    if (item.Kind == RecorderItemKind.Floats) _writer.WriteSamples(s.Id, stamps, item.Floats.AsSpan(0, item.Values));
                    else if (item.Kind == RecorderItemKind.Doubles) _writer.WriteSamples(s.Id, stamps, item.Doubles.AsSpan(0, item.Values));
                    else _writer.WriteStringSamples(s.Id, stamps, item.Strings.AsSpan(0, item.Values));
                    if (s.WrittenSamples == 0) s.WrittenFirst = stamps[0];
                    s.WrittenLast = stamps[^1];
                    s.WrittenSamples += stamps.Length;
                    break;
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }

        Interlocked.Exchange(ref _bytesWritten, _writer.BytesWritten);
    }

    private void Finish()
    {
        foreach (RecorderStream s in Volatile.Read(ref _streams))
        {
            if (Failure is not null) break;
            Guard(() => _writer.WriteStreamFooter(s.Id, s.WrittenFirst, s.WrittenLast, s.WrittenSamples, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(s.ClockOffsets)));
        }

        try
        {
            _writer.Dispose();
        }
        catch (Exception e)
        {
            Fail(e);
        }

        Interlocked.Exchange(ref _bytesWritten, _writer.BytesWritten);
    }

    private void Guard(Action action)
    {
        if (Failure is not null) return;
        try
        {
            action();
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    // Keeps the first error with the file named (the writer's IOExceptions already name it and the byte offset).
    private void Fail(Exception e)
    {
        Exception kept = e is IOException && e.Message.StartsWith(Path, StringComparison.Ordinal)
            ? e
            : new IOException($"{Path}: recording stopped: {e.Message}", e);
        Interlocked.CompareExchange(ref _failure, kept, null);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
