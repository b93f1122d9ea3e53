using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Lsl.Diagnostics;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Query;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Outlet;

/// <summary>
/// One accepted TCP connection of an outlet, on its own thread: reads the request (bounded in size and
/// time), answers shortinfo/fullinfo or the feed handshake exactly as liblsl does (505, 404, byte order,
/// 1.00 fallback), and for a feed with a buffer becomes a consumer: it drains its queue and writes
/// samples until the client goes away or the outlet closes.
/// </summary>
internal sealed class FeedSession
{
    private readonly LslOutlet _outlet;
    private readonly Socket _socket;
    private readonly ILslLog _log;
    private readonly string _peer;

    public FeedSession(LslOutlet outlet, Socket socket, ILslLog log)
    {
        _outlet = outlet;
        _socket = socket;
        _log = log;
        _peer = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public void Run()
    {
        try
        {
            var request = ReadRequest();
            if (request is not null) Serve(request);
        }
        catch (LslProtocolException e)
        {
            _log.Write(LslLogLevel.Warning, $"outlet {_outlet.Info.Name}: dropped connection from {_peer}: {e.Message}");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // the client went away; nothing to report beyond the consumer count
        }
        finally
        {
            _socket.Dispose();
        }
    }

    private FeedRequest? ReadRequest()
    {
        var buffer = new byte[4096];
        int used = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(_outlet.Options.RequestTimeoutSeconds * Stopwatch.Frequency);
        while (true)
        {
            var request = FeedRequest.TryParse(buffer.AsSpan(0, used));
            if (request is not null) return request;
            if (used == FeedRequest.MaxRequestBytes)
                throw new LslProtocolException($"request larger than {FeedRequest.MaxRequestBytes} bytes without a complete command");
            if (used == buffer.Length) Array.Resize(ref buffer, Math.Min(buffer.Length * 2, FeedRequest.MaxRequestBytes));
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0 || !_socket.Poll((int)Math.Min(int.MaxValue, left * 1_000_000 / Stopwatch.Frequency), SelectMode.SelectRead))
            {
                if (_outlet.IsClosed) return null;
                if (Stopwatch.GetTimestamp() < deadline) continue;
                throw new LslProtocolException($"no complete request within {_outlet.Options.RequestTimeoutSeconds:0.#} s");
            }

            int n = _socket.Receive(buffer.AsSpan(used));
            if (n == 0) return null;
            used += n;
        }
    }

    private void Serve(FeedRequest request)
    {
        var info = _outlet.Info;
        switch (request.Kind)
        {
            case RequestKind.FullInfo:
                SendAll(Encoding.UTF8.GetBytes(_outlet.FullInfoXml));
                return;
            case RequestKind.ShortInfo:
                if (StreamQuery.Matches(request.Query, _outlet.ShortInfoNavigator.Clone())) SendAll(Encoding.UTF8.GetBytes(_outlet.ShortInfoXml));
                return;
            case RequestKind.Feed100:
                StartFeed(Archive(prefixHeader: ""), FeedEncoding.Archive100, request.MaxBufferLength, request.MaxChunkLength);
                return;
        }

        int configured = _outlet.Config.UseProtocolVersion;
        string status = string.Create(CultureInfo.InvariantCulture, $"LSL/{configured}");
        if (request.Version / 100 > configured / 100)
        {
            SendAll(Encoding.ASCII.GetBytes($"{status} 505 Version not supported"));
            return;
        }

        if (request.Uid is not null && request.Uid != info.Uid)
        {
            SendAll(Encoding.ASCII.GetBytes($"{status} 404 Not found"));
            return;
        }

        var h = request.Headers;
        int dataProtocol = Math.Min(configured, request.Version);
        long valueSize = h.Integer("value-size", info.ChannelFormat == ChannelFormat.String ? 32 : info.ChannelFormat.ValueSize());
        if ((info.ChannelFormat != ChannelFormat.String && valueSize != info.ChannelFormat.ValueSize()) || !h.Flag("has-ieee754-floats", true))
            dataProtocol = 100;
        long clientOrder = h.Integer("native-byte-order", 1234);
        long ownOrder = BitConverter.IsLittleEndian ? 1234 : 4321;
        bool swap = dataProtocol >= 110 && clientOrder != ownOrder && clientOrder is 1234 or 4321 && valueSize > 1
                    && EndianPerformance.Value > h.Number("endian-performance", 0);
        bool suppress = info.ChannelFormat.IsFloatingPoint() && !h.Flag("supports-subnormals", true);
        string header = string.Create(CultureInfo.InvariantCulture,
            $"{status} 200 OK\r\nUID: {info.Uid}\r\nByte-Order: {(swap ? 4321 : ownOrder)}\r\nSuppress-Subnormals: {(suppress ? 1 : 0)}\r\nData-Protocol-Version: {dataProtocol}\r\n\r\n");
        if (dataProtocol < 110)
        {
            StartFeed(Archive(header), FeedEncoding.Archive100, request.MaxBufferLength, request.MaxChunkLength);
            return;
        }

        var encoding = swap ? FeedEncoding.BigEndian110 : FeedEncoding.LittleEndian110;
        var handshake = new MemoryStream();
        handshake.Write(Encoding.ASCII.GetBytes(header));
        var pattern = new byte[_outlet.MaxRecordLength(patterns: true)];
        var converted = new byte[RecordTranscoder.MaxOutput(pattern.Length, info.ChannelCount)];
        foreach (int offset in TestPattern.Offsets)
        {
            int n = SampleEncoder.EncodeTestPattern(pattern, info.ChannelFormat, info.ChannelCount, offset);
            int m = RecordTranscoder.Transcode(pattern.AsSpan(0, n), converted, encoding, info.ChannelFormat, info.ChannelCount, first: false);
            handshake.Write(converted, 0, m);
        }

        StartFeed(handshake.ToArray(), encoding, request.MaxBufferLength, request.MaxChunkLength);
    }

    // The 1.00 feed: (a 1.10 status header when the client used the new request,) archive header, short info, two test patterns.
    private byte[] Archive(string prefixHeader)
    {
        var info = _outlet.Info;
        var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes(prefixHeader));
        stream.Write(ArchiveCodec.Header);
        var xml = Encoding.UTF8.GetBytes(_outlet.ShortInfoXml);
        var scratch = new byte[xml.Length + 16];
        stream.Write(scratch, 0, ArchiveCodec.WriteBytes(scratch, xml));
        var pattern = new byte[_outlet.MaxRecordLength(patterns: true)];
        var converted = new byte[RecordTranscoder.MaxOutput(pattern.Length, info.ChannelCount)];
        bool first = true;
        foreach (int offset in TestPattern.Offsets)
        {
            int n = SampleEncoder.EncodeTestPattern(pattern, info.ChannelFormat, info.ChannelCount, offset);
            int m = RecordTranscoder.Transcode(pattern.AsSpan(0, n), converted, FeedEncoding.Archive100, info.ChannelFormat, info.ChannelCount, first);
            stream.Write(converted, 0, m);
            first = false;
        }

        return stream.ToArray();
    }

    private void StartFeed(byte[] handshake, FeedEncoding encoding, long maxBuffer, long maxChunk)
    {
        SendAll(handshake);
        if (maxBuffer <= 0) return;
        int capacity = (int)Math.Clamp(Math.Min(maxBuffer, _outlet.BufferSamples), 1, int.MaxValue);
        var queue = new ConsumerQueue(capacity, _outlet.Options.MaxQueueBytes, initialBytes: 256 * 1024, (int)Math.Clamp(maxChunk, 0, int.MaxValue));
        _outlet.AddConsumer(queue);
        try
        {
            Stream(queue, encoding, (int)Math.Clamp(maxChunk, 0, int.MaxValue));
        }
        finally
        {
            _outlet.RemoveConsumer(queue);
        }
    }

    private void Stream(ConsumerQueue queue, FeedEncoding encoding, int maxChunk)
    {
        var info = _outlet.Info;
        var staging = new byte[Math.Max(64 * 1024, _outlet.MaxRecordLength(patterns: false))];
        var lengths = new int[4096];
        var output = encoding == FeedEncoding.LittleEndian110 ? staging : new byte[RecordTranscoder.MaxOutput(staging.Length, info.ChannelCount)];
        int limit = maxChunk > 0 ? Math.Min(maxChunk, lengths.Length) : lengths.Length;
        while (!_outlet.IsClosed)
        {
            if (!queue.Ready.Wait(200))
            {
                // An idle feed: notice a client that hung up (a readable socket with no data means EOF).
                if (_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0) return;
                continue;
            }

            int next = queue.PeekLength();
            if (next > staging.Length)
            {
                staging = new byte[next * 2];
                output = encoding == FeedEncoding.LittleEndian110 ? staging : new byte[RecordTranscoder.MaxOutput(staging.Length, info.ChannelCount)];
            }

            int records = queue.Take(staging, lengths, limit, out int bytes);
            if (records == 0) continue;
            if (encoding == FeedEncoding.LittleEndian110)
            {
                SendAll(staging.AsSpan(0, bytes));
                continue;
            }

            int inAt = 0, outAt = 0;
            for (int i = 0; i < records; i++)
            {
                if (outAt + RecordTranscoder.MaxOutput(lengths[i], info.ChannelCount) > output.Length)
                {
                    SendAll(output.AsSpan(0, outAt));
                    outAt = 0;
                }

                // Data samples never carry the 00 00 prefix: in a 1.00 feed only the first test pattern does.
                outAt += RecordTranscoder.Transcode(staging.AsSpan(inAt, lengths[i]), output.AsSpan(outAt), encoding, info.ChannelFormat, info.ChannelCount, first: false);
                inAt += lengths[i];
            }

            SendAll(output.AsSpan(0, outAt));
        }
    }

    private void SendAll(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            int n = _socket.Send(bytes);
            bytes = bytes[n..];
        }
    }
}
