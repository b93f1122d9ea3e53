using Spectre.Console;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary>Spectre consoles for the LSL commands: colours on a terminal, plain wide text when redirected (logs, pipes, tests).</summary>
internal static class Consoles
{
    /// <summary>A console on stdout.</summary>
    public static IAnsiConsole Stdout()
    {
        bool terminal = !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 1000; // logs and pipes: one line per line, no wrapping
        return console;
    }
}
