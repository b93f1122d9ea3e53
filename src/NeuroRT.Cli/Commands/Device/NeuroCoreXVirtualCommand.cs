using System.CommandLine;
using NeuroRT.Cli.Commands.Lsl;
using NeuroRT.Devices.NeuroCoreX.Pty;
using NeuroRT.Serial;

namespace NeuroRT.Cli.Commands.Device;

/// <summary>
/// <c>neurort device neurocorex-virtual</c>: the bit-exact NeuroCoreX model on a pseudo-terminal. Prints the tty path
/// alone on the first line of stdout (so scripts can read it), everything else on stderr; runs until Ctrl-C/SIGTERM.
/// </summary>
internal static class NeuroCoreXVirtualCommand
{
    public static Command Create()
    {
        var realtime = new Option<bool>("--realtime")
        {
            Description = "send the answers no faster than the real board: spike stream at the pace of its 960 µs timesteps, " +
                          "read-back one byte per 21 µs (default: as soon as the model has computed them)",
        };
        var link = new Option<FileInfo?>("--link")
        {
            Description = "also make a symbolic link at PATH to the tty (a stable name for pipeline files, e.g. /tmp/neurocorex); removed on exit",
            HelpName = "PATH",
        };
        var command = new Command("neurocorex-virtual",
            "serve the NeuroCoreX virtual board (the bit-exact model of the FPGA) on a pseudo-terminal: open the printed tty " +
            "(or --link PATH) as the board's serial port, at any baud rate; clients may close and reopen it; Ctrl-C unplugs the board")
        {
            realtime, link,
        };
        command.SetAction(r => Execute(r.GetValue(realtime), r.GetValue(link)?.FullName));
        return command;
    }

    private static int Execute(bool realtime, string? linkPath)
    {
        if (linkPath is not null && LinkProblem(linkPath) is { } problem)
        {
            Console.Error.WriteLine($"error: --link {linkPath}: {problem}");
            return ExitCodes.InvalidInput;
        }

        using var stop = new StopSignal();
        PtyVirtualBoard server;
        try
        {
            server = new PtyVirtualBoard(realtime: realtime);
        }
        catch (SerialPortException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.RunFailed;
        }

        using (server)
        {
            if (linkPath is not null)
            {
                try
                {
                    if (IsSymbolicLink(linkPath)) File.Delete(linkPath); // left by a server that was killed
                    File.CreateSymbolicLink(linkPath, server.SlavePath);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"error: --link {linkPath}: cannot create the link: {e.Message}");
                    return ExitCodes.InvalidInput;
                }
            }

            try
            {
                Console.Out.WriteLine(server.SlavePath);
                Console.Out.Flush();
                Console.Error.WriteLine(
                    $"NeuroCoreX virtual board on {server.SlavePath}{(linkPath is null ? "" : $" (link {linkPath})")}: open it as the board's serial port " +
                    $"(the board's 1000000 baud or any other); answers {(realtime ? "paced as the real board sends them" : "as fast as computed")}; Ctrl-C stops");
                var progress = new ProgressLine();
                while (!stop.IsStopping && !server.HasStopped)
                {
                    progress.Update(() => Status(server));
                    stop.Sleep(100);
                }

                progress.Clear();
            }
            finally
            {
                server.Stop();
                if (linkPath is not null) RemoveLink(linkPath, server.SlavePath);
            }

            if (server.Fault is { } fault)
            {
                Console.Error.WriteLine($"error: the virtual board stopped: {fault.Message}");
                return ExitCodes.RunFailed;
            }

            Console.Error.WriteLine($"stopped (the board is unplugged): {Status(server)}");
        }

        return ExitCodes.Ok;
    }

    private static string Status(PtyVirtualBoard s) =>
        $"{(s.ClientConnected ? "client connected" : "no client")} | in {s.BytesIn:N0} B | out {s.BytesOut:N0} B | runs {s.Runs:N0} | read-backs {s.ReadBacks:N0}" +
        $" | hang-ups {s.HangUps:N0}{(s.BytesDropped > 0 ? $" | dropped {s.BytesDropped:N0} B (no client)" : "")}";

    private static string? LinkProblem(string path)
    {
        if (IsSymbolicLink(path)) return null;
        if (File.Exists(path) || Directory.Exists(path)) return "exists and is not a symbolic link (not replaced)";
        string? dir = Path.GetDirectoryName(path);
        if (dir is not null && !Directory.Exists(dir)) return $"folder {dir} does not exist";
        return null;
    }

    private static bool IsSymbolicLink(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is not null;
    }

    // Removes the link only while it still points to this server's tty (another server may have taken the name since).
    private static void RemoveLink(string path, string target)
    {
        try
        {
            if (new FileInfo(path).LinkTarget == target) File.Delete(path);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: --link {path}: could not remove the link: {e.Message}");
        }
    }
}
