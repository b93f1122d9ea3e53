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
                    // Plain text cells: help texts hold brackets (e.g. [left, right]) that markup would misread.
                    table.AddRow(new Text(""), new Text(p.Name + (p.Attribute.Required ? " *" : "")), new Text(p.Describe()), new Text(p.Attribute.Help));
            }
            AnsiConsole.Write(table);
        }
        AnsiConsole.WriteLine("* required");
        return ExitCodes.Ok;
    }
}
