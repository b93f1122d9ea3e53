using NeuroRT.Core.Configuration;
using NeuroRT.Host.Components;
using NeuroRT.Host.Plugins;
using Spectre.Console;

namespace NeuroRT.Cli.Commands;

/// <summary><c>neurort components</c>: what pipeline files can name, and every parameter.</summary>
public static class ComponentsCommand
{
    // The built-in plugins (plugins/ next to the program), with what failed to load; a pipeline file may add folders.
    private static void WritePlugins()
    {
        using var catalog = PluginCatalog.Load([PluginCatalog.BuiltInFolder]);
        var table = new Table().Title($"plugin outputs (from {Markup.Escape(PluginCatalog.BuiltInFolder)})").AddColumns("type", "parameter", "value", "meaning");
        foreach (var o in catalog.Outputs)
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(o.Name)}[/]"), new Text(""), new Text(""), new Text(o.Summary));
            foreach (var p in o.Parameters)
                table.AddRow(new Text(""), new Text(p.Name + (p.Attribute.Required ? " *" : "")), new Text(p.Describe()), new Text(p.Attribute.Help));
        }
        table.AddRow(new Text("(every plugin)"), new Text(string.Join(", ", PluginPolicy.Keys)), new Text(""), new Text("host policy: on-error restart|disable, max-restarts, restart-backoff, deadline, required"));
        AnsiConsole.Write(table);
        foreach (var f in catalog.Failures) AnsiConsole.Write(new Text($"warning: {f.Message}\n", new Style(Color.Yellow)));
    }

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
        WritePlugins();
        AnsiConsole.WriteLine("* required");
        return ExitCodes.Ok;
    }
}
