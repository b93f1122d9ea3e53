using System.Diagnostics;
using NeuroRT.Plugins;
using NeuroRT.Snn.Tests.Serial;

namespace NeuroRT.Plugins.SerialController.Tests;

/// <summary>A serial controller on the slave side of a pseudo-terminal whose master plays the device.</summary>
internal sealed class Rig : IDisposable
{
    public Rig(Action<SerialControllerOutput> configure, params string[] valueNames)
    {
        Peer = new PseudoTerminal();
        Host = new FakeHost(valueNames);
        Output = new SerialControllerOutput { Device = Peer.SlavePath, SafeCommand = "raw:STOP\\n", WatchdogSeconds = 0 };
        configure(Output);
        Output.Open(Host);
    }

    public PseudoTerminal Peer { get; }

    public FakeHost Host { get; }

    public SerialControllerOutput Output { get; }

    private long _sequence;

    public void Send(string name, params float[] values) => SendWith(name, 1f, values);

    public void SendWith(string name, float confidence, float[] values)
    {
        var command = new Command(name, values, confidence, 0, _sequence++, 0, Stopwatch.GetTimestamp());
        Output.Send(command);
    }

    public byte[] Read(int count, int timeoutMs = 2000)
    {
        var data = new byte[count];
        Peer.ReadExactly(data, timeoutMs);
        return data;
    }

    public string ReadText(int count, int timeoutMs = 2000) => System.Text.Encoding.UTF8.GetString(Read(count, timeoutMs));

    /// <summary>Everything the device receives until the line is quiet for <paramref name="quietMs"/> or the port is closed.</summary>
    public byte[] ReadUntilQuiet(int quietMs)
    {
        var all = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            try
            {
                Peer.ReadExactly(one, quietMs);
            }
            catch (TimeoutException)
            {
                return all.ToArray();
            }
            catch (IOException)
            {
                // EIO: the port side closed and everything it wrote has been read.
                return all.ToArray();
            }
            all.Add(one[0]);
        }
    }

    public void Dispose()
    {
        Output.Dispose();
        Peer.Dispose();
    }

    /// <summary>
    /// Runs the calling thread (the test's stand-in for the device, which in the lab does not share the host's CPUs) at
    /// nice −10 until disposed, when the process may (root or CAP_SYS_NICE), as the watchdog's own thread runs: the
    /// timing test then measures the watchdog, not how long a loaded machine keeps the reading thread waiting.
    /// </summary>
    public static IDisposable DevicePriority() => new NiceScope(-10);

    private sealed class NiceScope : IDisposable
    {
        private readonly int _tid = GetTid();
        private readonly bool _raised;

        public NiceScope(int nice) => _raised = SetPriority(0, _tid, nice) == 0;

        public void Dispose()
        {
            if (_raised) SetPriority(0, _tid, 0);
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
        private static extern int GetTid();

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setpriority")]
        private static extern int SetPriority(int which, int who, int priority);
    }
}
