using NeuroRT.Core.Configuration;
using NeuroRT.Host.Components;
using Spectre.Console;

namespace NeuroRT.Cli.Commands;

/// <summary><c>neurort components</c>: what pipeline files can name, and every parameter.</summary>
public static class ComponentsCommand
{
    /// <summary>Prints one table per kind.</summary>
    public static int Execute()
    {
        foreach (ComponentKind kind in Enum.GetValues<ComponentKind>())
        {
            var table = new Table().Title($"{kind.ToString().ToLowerInvariant()}s").AddColumns("type", "parameter", "value", "meaning");
            foreach (var c in ComponentRegistry.BuiltIn.All(kind))
            {
                table.AddRow(new Markup($"[bold]{Markup.Escape(c.TypeName)}[/]"), new Text(""), new Text(""), new Text(c.Summary));
                foreach (var p in c.Parameters)
                    table.AddRow("", p.Name + (p.Attribute.Required ? " *" : ""), p.Describe(), p.Attribute.Help);
            }
            AnsiConsole.Write(table);
        }
        AnsiConsole.WriteLine("* required");
        return ExitCodes.Ok;
    }
}
