namespace NeuroRT.Host.Terminal;

/// <summary>
/// The terminal shared by the live status line (on stderr) and command lines (on stdout): when both
/// are the same screen, a command line first wipes the status line and the status is drawn again
/// below it, so neither garbles the other. Command lines are written as UTF-8 bytes from a caller's
/// buffer, with no allocation.
/// </summary>
public static class SharedConsole
{
    private static readonly object Sync = new();
    private static readonly byte[] NewLine = [(byte)'\n'];
    private static Stream? _stdout;
    private static string? _status;
    private static bool _statusShown;

    /// <summary>True when stderr is a terminal, so a live status line can be drawn on it.</summary>
    public static bool CanShowStatus => !Console.IsErrorRedirected;

    /// <summary>Writes one line (UTF-8, without its newline) to stdout.</summary>
    public static void WriteLine(ReadOnlySpan<byte> utf8)
    {
        lock (Sync)
        {
            _stdout ??= Console.OpenStandardOutput();
            if (_statusShown) EraseStatus();
            _stdout.Write(utf8);
            _stdout.Write(NewLine);
            _stdout.Flush();
            if (_status is not null) DrawStatus();
        }
    }

    /// <summary>Shows (or replaces) the status line; <paramref name="ansiText"/> may hold colour codes.</summary>
    public static void SetStatus(string ansiText)
    {
        if (!CanShowStatus) return;
        lock (Sync)
        {
            _status = ansiText;
            DrawStatus();
        }
    }

    /// <summary>Removes the status line.</summary>
    public static void ClearStatus()
    {
        lock (Sync)
        {
            if (_statusShown) EraseStatus();
            _status = null;
        }
    }

    private static void DrawStatus()
    {
        Console.Error.Write("\r\u001b[2K" + _status);
        _statusShown = true;
    }

    private static void EraseStatus()
    {
        Console.Error.Write("\r\u001b[2K");
        _statusShown = false;
    }
}
