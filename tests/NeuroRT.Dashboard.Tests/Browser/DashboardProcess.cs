using System.Diagnostics;
using NeuroRT.Testing;

namespace NeuroRT.Dashboard.Tests.Browser;

/// <summary>The built <c>neurort</c> program run with a dashboard, as a user would; its dashboard URL read from stderr.</summary>
internal sealed class DashboardProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DashboardProcess(params string[] args)
        : this(new Dictionary<string, string>(), args)
    {
    }

    /// <summary>Runs <c>neurort ARGS</c> with <paramref name="environment"/> added to the test's own.</summary>
    public DashboardProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "neurort.dll"));
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.Add(e.Data);
            if (e.Data.StartsWith("dashboard: ", StringComparison.Ordinal)) _url.TrySetResult(e.Data["dashboard: ".Length..].Trim());
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stderr
    {
        get { lock (_stderr) return string.Join('\n', _stderr); }
    }

    /// <summary>The URL printed on start.</summary>
    public string WaitForUrl(TimeSpan limit)
    {
        if (!_url.Task.Wait(limit)) throw new TimeoutException($"no 'dashboard:' line within {limit.TotalSeconds} s; stderr: {Stderr}");
        return _url.Task.Result;
    }

    /// <summary>Whether the program has ended (with its exit code), for failure messages.</summary>
    public string State => _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";

    public void Dispose() => ChildProcess.KillAndDispose(_process);
}
