namespace NeuroRT.Cli.Tests;

/// <summary><c>neurort info FILE</c> on the shipped EDF sample and the shared XDF and BrainVision recordings.</summary>
public sealed class InfoCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroRT.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NeuroRT.sln not found above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }

    private static string Shared(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(Repository(), "..", "shared", "data", relative));
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} not found: the shared recordings (../shared/data beside the repository) are required.");
        return path;
    }

    [Fact]
    public void Xdf_streams_are_listed_with_rates_samples_and_clock_offsets()
    {
        var r = NeurortProcess.Run(Limit, "info", Shared("xdf/example-files/clock_resets.xdf"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("XDF, 2 streams", r.Stdout);
        Assert.Matches(@"1: MyMarkerStream\s+Markers \(string\)\s+1\s+irregular\s+175\s", r.Stdout);
        Assert.Matches(@"2: BioSemi\s+EEG \(float32\)\s+8\s+100 Hz\s+27815\s", r.Stdout);
        Assert.Contains("115 offsets", r.Stdout);
        Assert.Contains("1 reset", r.Stdout);
    }

    [Fact]
    public void A_truncated_xdf_is_listed_with_the_readers_warning()
    {
        var r = NeurortProcess.Run(Limit, "info", Shared("xdf/edge-cases/bci4als_truncated_no_footer.xdf"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"obci_eeg1\s+EEG \(float32\)\s+16\s+125 Hz\s+2760\s", r.Stdout);
        Assert.Contains("no footer", r.Stdout);
        Assert.Contains("warning:", r.Stdout);
        Assert.Contains("byte 193905", r.Stdout);
    }

    [Fact]
    public void Edf_and_brainvision_files_are_listed_and_other_files_refused()
    {
        var edf = NeurortProcess.Run(Limit, "info", Path.Combine(Repository(), "samples", "S001R04.edf"));
        Assert.True(edf.ExitCode == 0, edf.Stderr);
        Assert.Contains("125 records of 1 s", edf.Stdout);
        Assert.Matches(@"signals at 160 Hz\s+uV\s+64: Fc5\., Fc3\., Fc1\. \.\.\. Iz\.\.\s+160 Hz\s+20000\s+2\.1 min\s+30 annotations", edf.Stdout);

        var vhdr = NeurortProcess.Run(Limit, "info", Shared("brainvision/test.vhdr"));
        Assert.True(vhdr.ExitCode == 0, vhdr.Stderr);
        Assert.Matches(@"test\.vhdr\s+int16, multiplexed\s+32: FP1, FP2, F3 \.\.\. ReRef\s+1000 Hz\s+7900\s+7\.9 s\s+14 markers", vhdr.Stdout);

        var other = NeurortProcess.Run(Limit, "info", Path.Combine(Repository(), "README.md"));
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("'.md' is not a recording format", other.Stderr);
    }
}
