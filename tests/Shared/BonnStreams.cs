using System.Diagnostics;
using System.Globalization;

namespace NeuroRT.Testing;

/// <summary>
/// The Bonn test streams that pipelines/seizure-alarm.yaml reads, generated once per test run by
/// tools/seizure/make_bonn_streams.py (seeded: the same bytes as the training and evaluation scripts get) from
/// ../shared/data/bonn into a temporary folder, deleted at exit. Generated, not committed: they derive from data under
/// a research-only licence.
/// </summary>
internal static class BonnStreams
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<string> Generated = new(Generate);

    /// <summary>The folder holding NAME.edf and NAME.tsv for every stream.</summary>
    public static string Folder => Generated.Value;

    public static string Edf(string name) => Path.Combine(Folder, name + ".edf");

    /// <summary>The annotated seizures of a stream, from its TSV: (onset, end) in seconds.</summary>
    public static (double Onset, double End)[] Seizures(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, name + ".tsv"));
        var header = lines[0].Split('\t');
        int onset = Array.IndexOf(header, "onset"), duration = Array.IndexOf(header, "duration"), type = Array.IndexOf(header, "eventType");
        var seizures = new List<(double, double)>();
        foreach (string line in lines.Skip(1))
        {
            var f = line.Split('\t');
            if (f[type] != "sz") continue;
            double start = double.Parse(f[onset], CultureInfo.InvariantCulture);
            seizures.Add((start, start + double.Parse(f[duration], CultureInfo.InvariantCulture)));
        }

        return [.. seizures];
    }

    // The repository: the folder above the test's output that holds NeuroRT.sln.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}");
    }

    private static string Generate()
    {
        string root = RepositoryRoot();
        string data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "bonn"));
        if (!Directory.Exists(data))
            throw new InvalidOperationException($"{data} not found: the seizure pipeline tests need the Bonn segments of the shared test data (../shared/data/bonn next to the repository; see ../shared/data/README.md)");
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} not found: the seizure pipeline tests generate their streams with Debian's Python 3 and numpy (tools/seizure/make_bonn_streams.py)");
        string folder = Directory.CreateTempSubdirectory("neurort-bonn-streams-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, true); }
            catch (IOException) { }
        };
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { Path.Combine(root, "tools", "seizure", "make_bonn_streams.py"), "--data", data, "--out", folder })
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
