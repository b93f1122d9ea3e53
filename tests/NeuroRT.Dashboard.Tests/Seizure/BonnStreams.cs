using System.Diagnostics;

namespace NeuroRT.Dashboard.Tests.Seizure;

/// <summary>
/// The Bonn test streams that pipelines/seizure-alarm.yaml reads, generated once per test run by
/// tools/seizure/make_bonn_streams.py from ../shared/data/bonn into a temporary folder, deleted at exit. Generated,
/// not committed: they derive from data under a research-only licence.
/// </summary>
internal static class BonnStreams
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<string> Generated = new(Generate);

    public static string Edf(string name) => Path.Combine(Generated.Value, name + ".edf");

    private static string Generate()
    {
        string data = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "data", "bonn"));
        if (!Directory.Exists(data))
            throw new InvalidOperationException($"{data} not found: the seizure dashboard test needs the Bonn segments of the shared test data (../shared/data/bonn next to the repository; see ../shared/data/README.md)");
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} not found: the seizure dashboard test generates its stream with Debian's Python 3 and numpy (tools/seizure/make_bonn_streams.py)");
        string folder = Directory.CreateTempSubdirectory("neurort-dashboard-bonn-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, true); }
            catch (IOException) { }
        };
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(Repository.Root, "tools", "seizure", "make_bonn_streams.py"), "--data", data, "--out", folder })
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException("tools/seizure/make_bonn_streams.py did not finish within 60 s");
        }

        if (p.ExitCode != 0)
            throw new InvalidOperationException($"tools/seizure/make_bonn_streams.py failed (exit code {p.ExitCode}):\n{stdout.Result}{stderr.Result}");
        return folder;
    }
}
