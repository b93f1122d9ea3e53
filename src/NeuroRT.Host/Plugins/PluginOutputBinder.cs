using System.Reflection;
using NeuroRT.Core.Configuration;
using NeuroRT.Host.Components;
using NeuroRT.Host.Files;
using NeuroRT.Host.Loading;
using NeuroRT.Plugins;
using YamlDotNet.RepresentationModel;

namespace NeuroRT.Host.Plugins;

/// <summary>
/// Binds the <c>outputs:</c> entries whose type is a plugin's: the host's policy keys, then the plugin's
/// <c>[PluginParameter]</c>s with the same rules and messages as built-in components. An entry whose plugin failed to
/// load is skipped with a warning, or is an error when it is required.
/// </summary>
internal sealed class PluginOutputBinder(PipelineDocument document, PluginCatalog catalog, PluginSection section, List<PipelineDiagnostic> errors, List<string> warnings, PluginLogSink log)
{
    private static readonly ComponentDescriptor PolicyDescriptor =
        new(ComponentKind.Output, "plugin policy", "", typeof(PluginPolicy), ComponentRegistry.ParametersOf(typeof(PluginPolicy)));

    /// <summary>Whether <paramref name="entry"/> is for the plugins (its type is no built-in output).</summary>
    public static bool Handles(ComponentEntry entry, ComponentRegistry registry) => registry.Find(ComponentKind.Output, entry.TypeName) is null;

    /// <summary>The adapter, or null when the entry is skipped or wrong (then a warning or an error was added).</summary>
    public PluginOutput? Bind(ComponentEntry entry, ComponentBinder binder, ComponentRegistry registry)
    {
        bool required = IsRequired(entry);
        if (catalog.IsDuplicate(entry.TypeName, out string duplicate))
        {
            Error(entry.TypeNode, $"{entry.Describe()}: {duplicate}");
            return null;
        }
        var type = catalog.Find(entry.TypeName);
        if (type is null)
        {
            Unavailable(entry, required, registry);
            return null;
        }
        var policyPairs = new List<(YamlScalarNode, YamlNode)>();
        var pluginPairs = new List<(YamlScalarNode, YamlNode)>();
        foreach (var pair in entry.Parameters)
            (Array.IndexOf(PluginPolicy.Keys, pair.Key.Value) >= 0 ? policyPairs : pluginPairs).Add(pair);
        var policy = new PluginPolicy();
        binder.BindParameters(policy, PolicyDescriptor, policyPairs, entry.Describe(), entry.TypeNode);
        try
        {
            policy.Validate();
        }
        catch (Core.Stages.StageConfigurationException e)
        {
            YamlNode at = entry.TypeNode;
            foreach (var (k, v) in policyPairs) if (k.Value == e.Parameter) at = v;
            Error(at, $"{entry.Describe()}, parameter '{e.Parameter}': {e.Message}");
            return null;
        }

        ICommandOutput instance;
        try
        {
            instance = type.Create();
        }
        catch (PluginLoadException e)
        {
            if (required) Error(entry.TypeNode, $"{entry.Describe()} is required, but {e.Message}");
            else warnings.Add($"{document.PositionOf(entry.TypeNode)}: warning: {entry.Describe()} skipped: {e.Message}");
            return null;
        }
        int before = errors.Count;
        binder.BindParameters(instance, type.Descriptor, pluginPairs, entry.Describe(), entry.TypeNode);
        if (errors.Count > before)
        {
            instance.Dispose();
            return null;
        }
        // Kept to configure a restarted instance exactly like the first one.
        var values = new List<(PropertyInfo, object?)>();
        foreach (var (key, _) in pluginPairs)
            if (type.Descriptor.Find(key.Value ?? "") is { } p) values.Add((p.Property, p.Property.GetValue(instance)));
        var host = new PluginHostContext(entry.Name, document.Directory, log);
        return new PluginOutput(type, values.ToArray(), policy, host, instance);
    }

    private bool IsRequired(ComponentEntry entry)
    {
        foreach (var (name, _) in section.Required) if (name == entry.TypeName) return true;
        foreach (var (k, v) in entry.Parameters)
            if (k.Value == "required" && v is YamlScalarNode { Value: "true" or "yes" or "on" }) return true;
        return false;
    }

    private void Unavailable(ComponentEntry entry, bool required, ComponentRegistry registry)
    {
        string? why = catalog.FailureOf(entry.TypeName)?.Message;
        // A plugin that could not even be read may be the one that declares this type.
        var unread = catalog.Failures.Where(f => !f.TypesRead).Select(f => f.Message).ToList();
        if (why is null && unread.Count > 0) why = "it may be declared by a plugin that failed to load: " + string.Join("; ", unread);
        if (why is null)
        {
            var names = registry.Names(ComponentKind.Output).Concat(catalog.Outputs.Select(o => o.Name)).Order(StringComparer.Ordinal).ToList();
            Error(entry.TypeNode, $"unknown output type '{entry.TypeName}'{Core.Text.NameSuggestions.DidYouMean(entry.TypeName, names)}; valid output types: {string.Join(", ", names)} (plugins add theirs from plugins/ next to the program and from 'plugins: folders')");
            return;
        }
        if (required) Error(entry.TypeNode, $"{entry.Describe()} is required, but its plugin is not available: {why}");
        else warnings.Add($"{document.PositionOf(entry.TypeNode)}: warning: {entry.Describe()} skipped, the run goes on without it: {why}");
    }

    private void Error(YamlNode node, string message) => errors.Add(new PipelineDiagnostic(document.PositionOf(node), message));
}
