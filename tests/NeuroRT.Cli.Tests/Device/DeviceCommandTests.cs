using System.Diagnostics;
using System.Runtime.InteropServices;
using NeuroRT.Serial;
using NeuroRT.Snn.Tests.Pty;

namespace NeuroRT.Cli.Tests.Device;

public partial class DeviceCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("neurort-device-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, true); }
        catch (IOException) { }
    }

    [Fact]
    public void Device_help_lists_the_neurocorex_virtual_board()
    {
        var r = NeurortProcess.Run(Limit, "device", "--help");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("neurocorex-virtual", r.Stdout);
        var sub = NeurortProcess.Run(Limit, "device", "neurocorex-virtual", "--help");
        Assert.Contains("--realtime", sub.Stdout);
        Assert.Contains("--link", sub.Stdout);
    }

    [Fact]
    public async Task The_virtual_board_answers_a_scenario_through_its_link_and_a_SIGTERM_stops_it_and_removes_the_link()
    {
        const string scenario = "ff_layer";
        string link = Path.Combine(_folder, "neurocorex");
        using Process p = NeurortProcess.Start("device", "neurocorex-virtual", "--link", link);
        try
        {
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            Task<string?> firstLine = p.StandardOutput.ReadLineAsync();
            string tty = await firstLine.WaitAsync(Limit) ?? throw new InvalidOperationException($"no tty path on stdout; stderr: {(p.HasExited ? await stderr : "")}");
            Assert.StartsWith("/dev/pts/", tty);
            Assert.Equal(tty, new FileInfo(link).LinkTarget);

            byte[] received;
            using (var port = SerialPort.Open(link, 1_000_000))
            {
                received = NcxReplay.Replay(port, scenario);
            }

            NcxReplay.AssertBytesMatch(scenario, received);
            NcxReplay.AssertSpikesMatch(scenario, received);

            Assert.Equal(0, Kill(p.Id, SigTerm));
            using (var cts = new CancellationTokenSource(Limit))
            {
                await p.WaitForExitAsync(cts.Token);
            }

            string messages = await stderr;
            Assert.True(p.ExitCode == 0, messages);
            Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null, $"{link} still exists after the command stopped");
            Assert.Contains("runs 1", messages);
            Assert.Contains($"in {NcxVectorsBytes(scenario):N0} B", messages);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void A_link_path_held_by_a_regular_file_is_refused_naming_it_and_the_file_is_kept()
    {
        string file = Path.Combine(_folder, "taken");
        File.WriteAllText(file, "keep me");
        var r = NeurortProcess.Run(Limit, "device", "neurocorex-virtual", "--link", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --link {file}: exists and is not a symbolic link (not replaced)", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    private static int NcxVectorsBytes(string scenario) => Snn.Tests.NeuroCoreX.NcxVectors.Bytes(scenario, "host_to_board.bin").Length;

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
