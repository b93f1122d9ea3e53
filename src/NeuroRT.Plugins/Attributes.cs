namespace NeuroRT.Plugins;

/// <summary>Marks a command output and gives its <c>type:</c> name in pipeline files, e.g. <c>[CommandOutput("udp")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CommandOutputAttribute(string name) : Attribute
{
    /// <summary>The <c>type:</c> of the output in a pipeline file.</summary>
    public string Name { get; } = name;

    /// <summary>One line saying what it does (shown by <c>neurort components</c>).</summary>
    public string Summary { get; init; } = "";
}

/// <summary>
/// A setting read from the pipeline file into a public settable property: string, bool, int, long, double, an enum
/// (by name, case-insensitive), or an array of string, int or double. Durations are doubles in seconds (the file may
/// write them with a unit: 150ms, 2s).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PluginParameterAttribute(string key) : Attribute
{
    /// <summary>The key in the pipeline file.</summary>
    public string Key { get; } = key;

    /// <summary>Whether the pipeline file must give it.</summary>
    public bool Required { get; init; }

    /// <summary>What it means, with its unit and default.</summary>
    public string Help { get; init; } = "";
}
