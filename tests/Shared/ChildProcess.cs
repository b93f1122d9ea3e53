using System.Diagnostics;

namespace NeuroRT.Testing;

/// <summary>Ending the child processes (neurort, chromium, peers) that tests start, so none outlives its test.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Kills <paramref name="process"/> and its children unless it already exited, waits up to 5 s for it, and releases
    /// it. A process that exits while this runs is not an error.
    /// </summary>
    public static void KillAndDispose(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Exited (or was never started) between the check and the kill.
        }

        process.Dispose();
    }
}
