using System.Reflection;
using NeuroRT.Core.Configuration;
using NeuroRT.Host.Components;
using NeuroRT.Plugins;

namespace NeuroRT.Host.Plugins;

/// <summary>A <c>[CommandOutput]</c> type found in a loaded plugin: its pipeline-file name, parameters, and where it came from.</summary>
public sealed class PluginOutputType
{
    internal PluginOutputType(string name, string summary, Type type, string assemblyPath, IReadOnlyList<ParameterDescriptor> parameters)
    {
        Name = name;
        Summary = summary;
        Type = type;
        AssemblyPath = assemblyPath;
        Parameters = parameters;
        Descriptor = new ComponentDescriptor(ComponentKind.Output, name, summary, type, parameters);
    }

    /// <summary>The <c>type:</c> of the output in pipeline files.</summary>
    public string Name { get; }

    /// <summary>What it does.</summary>
    public string Summary { get; }

    /// <summary>The plugin class (implements <see cref="ICommandOutput"/>).</summary>
    public Type Type { get; }

    /// <summary>The plugin assembly's file.</summary>
    public string AssemblyPath { get; }

    /// <summary>Its <c>[PluginParameter]</c> properties, described as component parameters (same binding rules).</summary>
    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    /// <summary>The same as a component descriptor (for <c>neurort components</c> and the binder).</summary>
    public ComponentDescriptor Descriptor { get; }

    /// <summary>A new instance of the plugin class.</summary>
    public ICommandOutput Create()
    {
        try
        {
            return (ICommandOutput)Activator.CreateInstance(Type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new PluginLoadException($"plugin '{AssemblyPath}': the constructor of {Type.FullName} threw {e.InnerException.GetType().Name}: {e.InnerException.Message}", e.InnerException);
        }
    }

    /// <summary>Reads the <c>[PluginParameter]</c> properties of <paramref name="type"/> as component parameters.</summary>
    internal static IReadOnlyList<ParameterDescriptor> ParametersOf(Type type, string assemblyPath)
    {
        var list = new List<ParameterDescriptor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var p = property.GetCustomAttribute<PluginParameterAttribute>();
            if (p is null) continue;
            Type t = property.PropertyType;
            bool supported = t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t.IsEnum ||
                             t == typeof(string[]) || t == typeof(int[]) || t == typeof(double[]);
            if (!supported)
                throw new PluginLoadException($"plugin '{assemblyPath}': {type.FullName}.{property.Name} ('{p.Key}') is of type {t.Name}, which pipeline files cannot set; use string, bool, int, long, double, an enum, or an array of string, int or double");
            if (!property.CanWrite || property.SetMethod is not { IsPublic: true })
                throw new PluginLoadException($"plugin '{assemblyPath}': {type.FullName}.{property.Name} ('{p.Key}') needs a public setter");
            if (Array.IndexOf(PluginPolicy.Keys, p.Key) >= 0)
                throw new PluginLoadException($"plugin '{assemblyPath}': {type.FullName}.{property.Name} uses the key '{p.Key}', which the host reserves for every plugin output ({string.Join(", ", PluginPolicy.Keys)})");
            // The SDK says durations are doubles in seconds that the file may write with a unit, so doubles take time units.
            var attribute = new ParameterAttribute(p.Key) { Required = p.Required, Help = p.Help, Quantity = t == typeof(double) || t == typeof(double[]) ? Quantity.Time : Quantity.None };
            list.Add(new ParameterDescriptor(p.Key, property, attribute));
        }
        return list;
    }
}

/// <summary>A plugin could not be loaded or used; the message names the plugin's file.</summary>
public sealed class PluginLoadException(string message, Exception? inner = null) : Exception(message, inner);
