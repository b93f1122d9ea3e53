using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace NeuroRT.Bench.EndToEnd;

/// <summary>
/// A child process of this same executable (the bench, or <c>neurort</c> for <c>neurort bench</c>) running <c>e2e-node</c> or <c>e2e-relay</c>: started, waited for
/// until it prints <c>running</c>, its CPU time read from outside, stopped through stdin; its stdout kept for
/// <see cref="NodeReport"/>.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ManualResetEventSlim _running = new(false);

    private NodeProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts this executable with <paramref name="args"/> and extra environment variables (runtime knobs such as <c>DOTNET_gcServer</c>).</summary>
    public static NodeProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Under 'dotnet NeuroRT.Bench.dll' the process is the dotnet host: name the assembly.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add((Assembly.GetEntryAssembly() ?? Assembly.GetExecutingAssembly()).Location);
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {self}");
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (node._output) node._output.AppendLine(e.Data);
            if (e.Data == "running") node._running.Set();
        };
        process.BeginOutputReadLine();
        return node;
    }

    /// <summary>Waits until the child says it runs; false when it exited or the time passed.</summary>
    public bool WaitRunning(TimeSpan timeout)
    {
        long end = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            if (_running.Wait(100)) return true;
            if (_process.HasExited) return false;
        }

        return false;
    }

    /// <summary>CPU time used by the child so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>Asks the child to stop, waits for its exit and returns everything it printed.</summary>
    public string Stop()
    {
        try
        {
            _process.StandardInput.WriteLine("stop");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
        }

        if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        lock (_output) return _output.ToString();
    }

    /// <summary>Kills the child when still running.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
