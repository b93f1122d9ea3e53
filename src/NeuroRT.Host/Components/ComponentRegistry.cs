using System.Reflection;
using NeuroRT.Core.Configuration;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;

namespace NeuroRT.Host.Components;

/// <summary>
/// The component types pipeline files can use, found by their <see cref="ComponentAttribute"/>
/// in the given assemblies (the built-in ones by default; plugins will add theirs).
/// </summary>
public sealed class ComponentRegistry
{
    private readonly Dictionary<(ComponentKind, string), ComponentDescriptor> _byName = new();

    /// <summary>A registry of the components in <paramref name="assemblies"/>.</summary>
    public ComponentRegistry(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies) Add(assembly);
    }

    /// <summary>The built-in components: Core, Dsp, Formats, Lsl, Onnx, Snn and Host.</summary>
    public static ComponentRegistry BuiltIn { get; } = CreateBuiltIn();

    private static ComponentRegistry CreateBuiltIn()
    {
        // The snn stage's device "virtual" is the bit-exact board model of devices/neurocorex, which Snn cannot reference.
        Snn.Stage.NcxBackends.VirtualBoard ??= () => new Devices.NeuroCoreX.BoardLink();
        return new([
        typeof(SyntheticSource).Assembly,
        typeof(Dsp.Windowing.SlidingWindow).Assembly,
        typeof(Formats.Sources.EdfSource).Assembly,
        typeof(Lsl.Pipeline.LslSource).Assembly,
        typeof(Onnx.Stage.OnnxDecoder).Assembly,
        typeof(Snn.Stage.SnnStage).Assembly,
        typeof(ComponentRegistry).Assembly,
        ]);
    }

    /// <summary>Registers every component type of <paramref name="assembly"/>.</summary>
    public void Add(Assembly assembly)
    {
        foreach (Type type in assembly.GetExportedTypes())
        {
            var attribute = type.GetCustomAttribute<ComponentAttribute>();
            if (attribute is null || type.IsAbstract) continue;
            Type expected = attribute.Kind switch
            {
                ComponentKind.Source => typeof(ISampleSource),
                ComponentKind.Stage => typeof(IStage),
                _ => typeof(IPipelineOutput),
            };
            if (!expected.IsAssignableFrom(type))
                throw new InvalidOperationException($"{type.FullName} is marked as a {attribute.Kind} but does not implement {expected.Name}");
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new InvalidOperationException($"{type.FullName} needs a public parameterless constructor to be used in pipeline files");
            var descriptor = new ComponentDescriptor(attribute.Kind, attribute.TypeName, attribute.Summary, type, ParametersOf(type));
            if (!_byName.TryAdd((attribute.Kind, attribute.TypeName), descriptor))
                throw new InvalidOperationException($"two {attribute.Kind} types are called '{attribute.TypeName}': {_byName[(attribute.Kind, attribute.TypeName)].Type.FullName} and {type.FullName}");
        }
    }

    /// <summary>The <see cref="ParameterAttribute"/>-marked properties of <paramref name="type"/>.</summary>
    public static IReadOnlyList<ParameterDescriptor> ParametersOf(Type type)
    {
        var parameters = new List<ParameterDescriptor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var p = property.GetCustomAttribute<ParameterAttribute>();
            if (p is null) continue;
            if (!ValueKinds.IsSupported(property.PropertyType))
                throw new InvalidOperationException($"{type.FullName}.{property.Name}: parameters of type {property.PropertyType.Name} are not supported");
            if (!property.CanWrite)
                throw new InvalidOperationException($"{type.FullName}.{property.Name}: a parameter needs a public setter");
            parameters.Add(new ParameterDescriptor(p.Name, property, p));
        }
        return parameters;
    }

    /// <summary>The component of kind <paramref name="kind"/> called <paramref name="typeName"/>, or null.</summary>
    public ComponentDescriptor? Find(ComponentKind kind, string typeName) =>
        _byName.TryGetValue((kind, typeName), out var d) ? d : null;

    /// <summary>All type names of a kind, sorted.</summary>
    public IReadOnlyList<string> Names(ComponentKind kind)
    {
        var names = new List<string>();
        foreach (var (key, _) in _byName) if (key.Item1 == kind) names.Add(key.Item2);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>All components of a kind, sorted by name.</summary>
    public IReadOnlyList<ComponentDescriptor> All(ComponentKind kind)
    {
        var list = new List<ComponentDescriptor>();
        foreach (string name in Names(kind)) list.Add(_byName[(kind, name)]);
        return list;
    }
}
