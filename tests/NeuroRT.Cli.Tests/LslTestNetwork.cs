using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuroRT.Testing;

namespace NeuroRT.Cli.Tests;

/// <summary>
/// An isolated LSL network for one test: an lsl_api.cfg with a discovery port and a 32-port range of its own,
/// discovery over loopback only and a unique session id, so tests running in parallel (and real LSL programs on
/// the host) never see each other's streams. Every neurort started through it gets <c>--config</c>.
/// </summary>
internal sealed class LslTestNetwork : IDisposable
{
    // Below the Linux ephemeral range (32768+), 40 ports apart; the start differs between processes.
    private static int _slot = Random.Shared.Next(0, 300);

    public LslTestNetwork()
    {
        Folder = Directory.CreateTempSubdirectory("neurort-lsl-").FullName;
        int slot = Interlocked.Increment(ref _slot) % 300;
        MulticastPort = 20000 + slot * 40;
        SessionId = $"test-{Guid.NewGuid():N}";
        ConfigFile = IsolatedLslConfig.Write(Folder, MulticastPort, SessionId);
    }

    public string Folder { get; }

    public string ConfigFile { get; }

    public int MulticastPort { get; }

    public string SessionId { get; }

    public string[] Args(params string[] args) => [.. args, "--config", ConfigFile];

    public NeurortProcess.Result Run(TimeSpan limit, params string[] args) => NeurortProcess.Run(limit, Args(args));

    public BackgroundNeurort Start(params string[] args) => new(Args(args));

    public void Dispose()
    {
        try { Directory.Delete(Folder, true); }
        catch (IOException) { }
    }
}

/// <summary>A neurort process running beside the test (a sender, a replay): its output collected line by line, killed on dispose.</summary>
internal sealed class BackgroundNeurort : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private readonly string _command;

    public BackgroundNeurort(string[] args)
    {
        _command = "neurort " + string.Join(' ', args);
        _process = NeurortProcess.Start(args);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Waits until stderr holds <paramref name="text"/>; fails the test when the process ends or the time runs out.</summary>
    public void WaitForStderr(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            lock (_stderr)
            {
                if (_stderr.ToString().Contains(text, StringComparison.Ordinal)) return;
                if (!_process.HasExited)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) Assert.Fail($"{_command} did not print '{text}' within {limit.TotalSeconds} s: {_stderr}");
                    Monitor.Wait(_stderr, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
                    continue;
                }
            }
            // The process has ended, but its last lines may still be on their way through the asynchronous reader:
            // WaitForExit() without a limit returns only after both redirected streams reached end of file. It runs
            // outside the lock because the reader's handler takes it.
            _process.WaitForExit();
            lock (_stderr)
            {
                if (_stderr.ToString().Contains(text, StringComparison.Ordinal)) return;
                Assert.Fail($"{_command} ended (exit {_process.ExitCode}) before printing '{text}': {_stderr}");
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Ctrl-C as a user gives it (SIGINT): the command stops cleanly.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to end; true once it has and the asynchronous readers have seen the end of its output.</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit)) return false;
        _process.WaitForExit();
        return true;
    }

    /// <summary>Kills the process with SIGKILL (no clean-up runs in it: exactly a crash) and waits for it to be gone.</summary>
    public void Kill()
    {
        _process.Kill();
        Assert.True(_process.WaitForExit(10000), $"{_command} was still running 10 s after SIGKILL");
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null) return;
        lock (buffer)
        {
            buffer.Append(line).Append('\n');
            Monitor.PulseAll(buffer);
        }
    }

    public void Dispose() => ChildProcess.KillAndDispose(_process);
}
