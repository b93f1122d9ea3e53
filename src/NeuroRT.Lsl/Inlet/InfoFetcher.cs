using System.Net;
using System.Net.Sockets;
using System.Text;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Wire;

namespace NeuroRT.Lsl.Inlet;

/// <summary>Fetches an outlet's full info (with <c>desc</c>: channel labels, units) over a short TCP connection.</summary>
public static class InfoFetcher
{
    /// <summary>Largest full info accepted.</summary>
    public const int MaxInfoBytes = 16 << 20;

    /// <summary>Sends <c>LSL:fullinfo</c> and parses the reply; the address and ports of <paramref name="resolved"/> are kept.</summary>
    public static LslStreamInfo FetchFullInfo(LslStreamInfo resolved, double timeoutSeconds = 5)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Net.SocketSetup.Connect(socket, new IPEndPoint(IPAddress.Parse(resolved.V4Address), resolved.V4DataPort), timeoutSeconds, CancellationToken.None);

        socket.Send("LSL:fullinfo\r\n"u8);
        var text = new MemoryStream();
        var buffer = new byte[16384];
        while (true)
        {
            if (!socket.Poll((int)(timeoutSeconds * 1_000_000), SelectMode.SelectRead))
                throw new TimeoutException($"the full info of {resolved.Name} did not arrive within {timeoutSeconds:0.#} s");
            int n = socket.Receive(buffer);
            if (n == 0) break;
            text.Write(buffer, 0, n);
            if (text.Length > MaxInfoBytes) throw new LslProtocolException($"the full info of {resolved.Name} exceeds {MaxInfoBytes} bytes");
        }

        var full = StreamInfoXml.Parse(Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length));
        if (full.CreatedAt == 0) throw new LslProtocolException($"the full info of {resolved.Name} has created_at 0 (not a valid reply)");
        full.V4Address = resolved.V4Address;
        return full;
    }
}
