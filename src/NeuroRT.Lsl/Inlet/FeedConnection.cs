using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Net;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Inlet;

/// <summary>
/// One TCP feed from an outlet: connects, sends the feed request, checks the status line and headers as
/// liblsl does (404 = stream gone, byte order, subnormals, data protocol), verifies the test patterns, then
/// decodes samples straight from the socket buffer into a <see cref="SampleChunk"/>. Every wait is bounded.
/// </summary>
internal sealed class FeedConnection : IDisposable
{
    /// <summary>Largest response header accepted.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly FeedDecoder _decoder;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private FeedConnection(Socket socket, FeedDecoder decoder, byte[] buffer, int start, int end)
    {
        _socket = socket;
        _decoder = decoder;
        _buffer = buffer;
        _start = start;
        _end = end;
    }

    /// <summary>Connects to <paramref name="info"/>'s data port and completes the handshake within <paramref name="timeoutSeconds"/>.</summary>
    public static FeedConnection Open(LslStreamInfo info, LslConfig config, double maxBufferSeconds, int maxChunkLength, double timeoutSeconds, CancellationToken cancel)
    {
        if (info.V4Address.Length == 0 || info.V4DataPort == 0)
            throw new LslProtocolException($"stream {info.Name} has no IPv4 address/data port (it was not resolved, or serves IPv6 only)");
        // Before the first receive: a receive must never build a native-call stub mid-stream (see ReceiveInterop).
        ReceiveInterop.Prepare();
        long deadline = Stopwatch.GetTimestamp() + (long)(timeoutSeconds * Stopwatch.Frequency);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (config.ReceiveSocketBufferSize > 0) socket.ReceiveBufferSize = config.ReceiveSocketBufferSize;
            SocketSetup.Connect(socket, new IPEndPoint(IPAddress.Parse(info.V4Address), info.V4DataPort), timeoutSeconds, cancel);
            int version = Math.Min(config.UseProtocolVersion, info.ProtocolVersion);
            long bufferSamples = (long)Math.Ceiling(maxBufferSeconds * (info.NominalRate > 0 ? info.NominalRate : 100));
            socket.Send(Encoding.UTF8.GetBytes(FeedRequest.Format(info, version, bufferSamples, maxChunkLength, config.SessionId, EndianPerformance.Value)));

            var buffer = new byte[Math.Max(65536, SampleEncoder.NumericSize(info.ChannelFormat, info.ChannelCount) * 64)];
            int used = 0;
            FeedDecoder decoder;
            int start;
            if (version < 110)
            {
                decoder = new FeedDecoder(info.ChannelFormat, info.ChannelCount, info.NominalRate, 100, false, false, info.Uid);
                start = 0;
            }
            else
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, used).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (used >= MaxHeaderBytes) throw new LslProtocolException($"response header from {info.V4Address}:{info.V4DataPort} exceeds {MaxHeaderBytes} bytes");
                    int n = Receive(socket, buffer.AsSpan(used), deadline, cancel, "the response header");
                    if (n == 0)
                    {
                        FeedResponse.CheckStatus(Encoding.ASCII.GetString(buffer, 0, used), info);
                        throw new LslProtocolException($"{info.V4Address}:{info.V4DataPort} closed the connection before the end of its response header");
                    }

                    used += n;
                }

                decoder = FeedResponse.CreateDecoder(HeaderLines.SplitLines(buffer.AsSpan(0, headerEnd + 4)), info);
                start = headerEnd + 4;
            }

            var connection = new FeedConnection(socket, decoder, buffer, start, used);
            connection.VerifyPatterns(info, deadline, cancel);
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static int Receive(Socket socket, Span<byte> into, long deadline, CancellationToken cancel, string what)
    {
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) throw new TimeoutException($"timed out waiting for {what}");
            if (socket.Poll((int)Math.Min(100_000, left * 1_000_000 / Stopwatch.Frequency), SelectMode.SelectRead))
                return socket.Receive(into);
        }
    }

    private void VerifyPatterns(LslStreamInfo info, long deadline, CancellationToken cancel)
    {
        while (true)
        {
            _start += _decoder.DecodePatterns(_buffer.AsSpan(_start, _end - _start));
            if (_decoder.PatternsVerified) return;
            Compact();
            int n = Receive(_socket, _buffer.AsSpan(_end), deadline, cancel, "the test patterns");
            if (n == 0) throw new LslProtocolException("the outlet closed the connection before the test patterns");
            _end += n;
        }
    }

    /// <summary>
    /// Decodes samples into <paramref name="chunk"/>: returns at once with what is buffered, else waits up to
    /// <paramref name="timeoutMs"/> for data. 0 = nothing arrived. Throws on end of stream or a protocol error.
    /// </summary>
    public int Read(SampleChunk chunk, int timeoutMs)
    {
        _start += _decoder.Decode(_buffer.AsSpan(_start, _end - _start), chunk);
        if (chunk.Count > 0) return chunk.Count;
        Compact();
        if (_end == _buffer.Length)
        {
            // One sample larger than the buffer (long strings): grow, bounded by the decoder's limits.
            if (_buffer.Length >= 4 * FeedDecoder.MaxStringBytes) throw new LslProtocolException("a single sample exceeds the receive limit");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        if (!_socket.Poll(timeoutMs * 1000, SelectMode.SelectRead)) return 0;
        int n = _socket.Receive(_buffer.AsSpan(_end));
        if (n == 0) throw new EndOfStreamException("the outlet closed the feed");
        _end += n;
        // Take whatever else is already in the kernel buffer, so a burst becomes one chunk.
        while (_end < _buffer.Length && _socket.Available > 0)
        {
            int more = _socket.Receive(_buffer.AsSpan(_end));
            if (more == 0) break;
            _end += more;
        }

        _start += _decoder.Decode(_buffer.AsSpan(_start, _end - _start), chunk);
        return chunk.Count;
    }

    private void Compact()
    {
        if (_start == 0) return;
        int left = _end - _start;
        if (left > 0) Buffer.BlockCopy(_buffer, _start, _buffer, 0, left);
        _start = 0;
        _end = left;
    }

    public void Dispose() => _socket.Dispose();
}
