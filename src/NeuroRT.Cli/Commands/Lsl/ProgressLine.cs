using System.Diagnostics;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>
/// A status line on stderr: redrawn in place (about 4 times a second) when stderr is a terminal and nothing else
/// writes to that screen, else printed as a plain line every 5 s so logs stay readable.
/// </summary>
internal sealed class ProgressLine
{
    private static readonly long LivePeriod = Stopwatch.Frequency / 4;
    private static readonly long LogPeriod = Stopwatch.Frequency * 5;
    private readonly bool _live;
    private long _next;
    private bool _shown;

    /// <summary><paramref name="screenShared"/>: stdout goes to the same terminal (a live line would garble it).</summary>
    public ProgressLine(bool screenShared = false)
    {
        _live = !Console.IsErrorRedirected && !(screenShared && !Console.IsOutputRedirected);
        _next = Stopwatch.GetTimestamp() + (_live ? 0 : LogPeriod);
    }

    /// <summary>Shows <paramref name="text"/> when it is time to (the text is built only then).</summary>
    public void Update(Func<string> text)
    {
        long now = Stopwatch.GetTimestamp();
        if (now < _next) return;
        _next = now + (_live ? LivePeriod : LogPeriod);
        if (_live)
        {
            string line = text();
            int width = SafeWidth() - 1;
            if (line.Length > width && width > 10) line = line[..width];
            Console.Error.Write("\r\u001b[2K" + line);
            _shown = true;
        }
        else Console.Error.WriteLine(text());
    }

    /// <summary>Removes the live line (before a final message).</summary>
    public void Clear()
    {
        if (!_shown) return;
        Console.Error.Write("\r\u001b[2K");
        _shown = false;
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 120; }
        catch (IOException) { return 120; }
    }
}
