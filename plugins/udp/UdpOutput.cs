using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Plugins.Udp.Json;
using NeuroRT.Plugins.Udp.Net;
using NeuroRT.Plugins.Udp.Osc;

namespace NeuroRT.Plugins.Udp;

/// <summary>
/// Sends every command as one UDP datagram to host:port, as an OSC 1.0 message or a JSON object. The destination is
/// resolved and the socket connected at Open, so a send is one system call on a preallocated buffer and allocates
/// nothing. A connected UDP socket reports an ICMP "port unreachable" as an error on a later send: send errors are
/// counted (<c>send errors</c>) and logged the first time, never thrown, because the receiver may simply start later.
/// </summary>
[CommandOutput("udp", Summary = "send commands as OSC 1.0 messages or JSON datagrams over UDP (default to 127.0.0.1)")]
public sealed class UdpOutput : ICommandOutput
{
    /// <summary>Counter of datagrams the socket refused (no receiver, network down).</summary>
    public const string SendErrorsCounter = "send errors";

    /// <summary>Counter of commands whose name was longer than every value name (the datagram was sized without it).</summary>
    public const string OversizedCounter = "oversized commands";

    /// <summary>Counter of datagrams sent.</summary>
    public const string SentCounter = "datagrams sent";

    private IPluginHost? _host;
    private Socket? _socket;
    private OscCommandEncoder? _osc;
    private JsonCommandEncoder? _json;
    private byte[] _buffer = [];
    private double _ntpOffset;
    private bool _sendErrorLogged;
    private bool _oversizedLogged;

    /// <summary>Destination host.</summary>
    [PluginParameter("host", Help = "destination: an IPv4 or IPv6 address or a host name, resolved once at start (default 127.0.0.1)")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Destination UDP port.</summary>
    [PluginParameter("port", Required = true, Help = "destination UDP port, 1..65535")]
    public int Port { get; set; }

    /// <summary>Datagram format.</summary>
    [PluginParameter("format", Help = "osc (OSC 1.0 message) or json (one object per datagram) (default osc)")]
    public string Format { get; set; } = "osc";

    /// <summary>OSC address pattern.</summary>
    [PluginParameter("address", Help = "OSC address; {name} is replaced by the command's name (default /neurort/{name})")]
    public string Address { get; set; } = "/neurort/" + OscAddress.NamePlaceholder;

    /// <summary>OSC arguments, in order.</summary>
    [PluginParameter("arguments", Help = "OSC arguments in order: " + OscArguments.Names + " (default [values])")]
    public string[] Arguments { get; set; } = OscArguments.Default;

    /// <summary>The resolved destination, once open.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    /// <summary>The largest datagram of this configuration, in bytes (computed at Open from the value names).</summary>
    public int MaxDatagramSize { get; private set; }

    /// <summary>The OSC type tag string of every message (empty for JSON).</summary>
    public string TypeTags => _osc?.TypeTags ?? "";

    /// <summary>
    /// Seconds added to an LSL timestamp to get the OSC timetag's NTP time: the wall clock minus the LSL clock
    /// (this process's monotonic clock), read once at Open so every command of a run uses the same mapping.
    /// </summary>
    public double NtpOffsetSeconds => _ntpOffset;

    /// <inheritdoc />
    public void Open(IPluginHost host)
    {
        _host = host;
        bool osc = Format.Trim().ToLowerInvariant() switch
        {
            "osc" => true,
            "json" => false,
            _ => throw new PluginConfigurationException("format", $"format must be osc or json, got '{Format}'"),
        };

        int maxNameBytes = Encoding.UTF8.GetByteCount("none");
        foreach (string name in host.ValueNames) maxNameBytes = Math.Max(maxNameBytes, Encoding.UTF8.GetByteCount(name));

        if (osc)
        {
            if (OscAddress.Problem(Address) is { } problem) throw new PluginConfigurationException("address", problem);
            _osc = new OscCommandEncoder(Address, OscArguments.Parse(Arguments), host.ValueNames.Count, maxNameBytes);
            MaxDatagramSize = _osc.MaxSize;
            if (Address.Contains(OscAddress.NamePlaceholder, StringComparison.Ordinal))
            {
                foreach (string name in host.ValueNames)
                    if (!OscAddress.IsCleanPart(name))
                        host.Log(PluginLogLevel.Warning, $"value name '{name}' has characters OSC reserves in addresses: they are sent as '_'");
            }
        }
        else
        {
            _json = new JsonCommandEncoder(host.ValueNames, maxNameBytes);
            MaxDatagramSize = _json.MaxSize;
        }

        if (MaxDatagramSize > Destination.MaxDatagram)
            throw new PluginConfigurationException("format", $"a command of {host.ValueNames.Count} values makes {Format} datagrams of up to {MaxDatagramSize} bytes, more than UDP's {Destination.MaxDatagram}: send fewer values or shorter value names");

        Endpoint = Destination.Resolve(Host, Port);
        _buffer = new byte[MaxDatagramSize];
        _ntpOffset = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds + OscWriter.NtpUnixOffsetSeconds - Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        var socket = new Socket(Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connected, so the kernel keeps the destination (no per-send address) and reports ICMP errors back.
            socket.Connect(Endpoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new PluginConfigurationException("host", $"cannot send to {Endpoint}: {e.Message} ({e.SocketErrorCode})");
        }

        _socket = socket;
        host.Log(PluginLogLevel.Info, $"sending {(osc ? $"OSC {Address} {_osc!.TypeTags}" : "JSON")} to {Endpoint}, datagrams up to {MaxDatagramSize} bytes");
    }

    /// <inheritdoc />
    public void Send(in Command command)
    {
        var socket = _socket ?? throw new InvalidOperationException("udp output: Send before Open");
        double latencyMs = LatencyMs(command);
        ReadOnlySpan<byte> datagram;
        if (_osc is not null)
        {
            int length = _osc.Encode(_buffer, command, _ntpOffset, (float)latencyMs);
            datagram = length < 0 ? default : _buffer.AsSpan(0, length);
        }
        else
        {
            datagram = _json!.Encode(command, latencyMs);
        }

        if (datagram.IsEmpty)
        {
            _host!.Count(OversizedCounter);
            if (!_oversizedLogged)
            {
                _oversizedLogged = true;
                _host.Log(PluginLogLevel.Error, $"command '{command.Name}' is not one of the value names and is longer than all of them: not sent (counted as '{OversizedCounter}')");
            }

            return;
        }

        socket.Send(datagram, SocketFlags.None, out SocketError error);
        if (error == SocketError.Success)
        {
            _host!.Count(SentCounter);
            return;
        }

        _host!.Count(SendErrorsCounter);
        if (!_sendErrorLogged)
        {
            _sendErrorLogged = true;
            _host.Log(PluginLogLevel.Warning, $"sending to {Endpoint} failed ({error}): is the receiver running? Further failures are only counted as '{SendErrorsCounter}'");
        }
    }

    /// <inheritdoc />
    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    // NeuroRT's latency up to the hand-off plus this output's own delay since the pipeline emitted the command.
    private static double LatencyMs(in Command command)
    {
        double seconds = command.LatencySeconds;
        if (command.CreatedTicks > 0) seconds += (Stopwatch.GetTimestamp() - command.CreatedTicks) / (double)Stopwatch.Frequency;
        return seconds * 1000;
    }
}
