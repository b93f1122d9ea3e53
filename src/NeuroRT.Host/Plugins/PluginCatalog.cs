using System.Reflection;
using NeuroRT.Plugins;

namespace NeuroRT.Host.Plugins;

/// <summary>A plugin assembly that was not loaded, and why (the message names the assembly's file).</summary>
/// <param name="AssemblyPath">The plugin's file (or folder, when no assembly was found).</param>
/// <param name="Message">What went wrong, naming the plugin.</param>
/// <param name="OutputTypes">Output type names the assembly declares, when they could still be read (e.g. an SDK version refused).</param>
public sealed record PluginLoadFailure(string AssemblyPath, string Message, IReadOnlyList<string> OutputTypes)
{
    /// <summary>False when the assembly could not be read far enough to know its output types (it may declare any).</summary>
    public bool TypesRead { get; init; } = true;
}

/// <summary>
/// The plugins found in a set of folders. Each plugin folder gets its own collectible load context; a plugin that
/// fails to load is recorded in <see cref="Failures"/> and the others are kept. A folder holds plugin assemblies
/// directly, or one sub-folder per plugin (as the built-in <c>plugins/</c> folder next to the program does).
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    private readonly Dictionary<string, PluginOutputType> _byName = new(StringComparer.Ordinal);
    private readonly List<PluginOutputType> _outputs = [];
    private readonly List<PluginLoadFailure> _failures = [];
    private readonly List<(string Name, string First, string Second)> _duplicates = [];
    private readonly List<PluginLoadContext> _contexts = [];

    /// <summary>The built-in plugins folder: <c>plugins/</c> next to the program.</summary>
    public static string BuiltInFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Output types loaded, in load order.</summary>
    public IReadOnlyList<PluginOutputType> Outputs => _outputs;

    /// <summary>Plugins that could not be loaded.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures => _failures;

    /// <summary>Output type names declared by two plugins (the first one loaded is kept, so nothing silently picks one).</summary>
    public IReadOnlyList<(string Name, string First, string Second)> Duplicates => _duplicates;

    /// <summary>Loads every plugin in <paramref name="folders"/> (missing folders are skipped; the caller checks the ones a user named).</summary>
    public static PluginCatalog Load(IEnumerable<string> folders)
    {
        var catalog = new PluginCatalog();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder)) continue;
            catalog.LoadPluginFolder(folder);
            foreach (string sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal)) catalog.LoadPluginFolder(sub);
        }
        return catalog;
    }

    /// <summary>The output type called <paramref name="name"/>, or null.</summary>
    public PluginOutputType? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Whether <paramref name="name"/> is declared twice; <paramref name="message"/> says by which plugins.</summary>
    public bool IsDuplicate(string name, out string message)
    {
        foreach (var (n, first, second) in _duplicates)
        {
            if (n != name) continue;
            message = $"two plugins declare output type '{name}': '{first}' and '{second}'; remove one of them from the plugin folders";
            return true;
        }
        message = "";
        return false;
    }

    /// <summary>The load failure of the plugin that declares <paramref name="name"/>, if its assembly could be read that far.</summary>
    public PluginLoadFailure? FailureOf(string name)
    {
        foreach (var f in _failures)
            foreach (string t in f.OutputTypes)
                if (t == name) return f;
        return null;
    }

    private void LoadPluginFolder(string folder)
    {
        folder = Path.GetFullPath(folder);
        var mains = MainAssemblies(folder);
        if (mains.Count == 0) return;
        var context = new PluginLoadContext(folder);
        foreach (string main in mains) context.AddMain(main);
        _contexts.Add(context);
        foreach (string main in mains) LoadAssembly(context, main);
    }

    // The assemblies dotnet build made as projects have a .deps.json beside them; the rest of a folder's dlls are
    // their dependencies. A folder without any .deps.json (copied by hand) has all its dlls tried.
    private static List<string> MainAssemblies(string folder)
    {
        var mains = new List<string>();
        foreach (string deps in Directory.EnumerateFiles(folder, "*.deps.json").Order(StringComparer.Ordinal))
        {
            string dll = deps[..^".deps.json".Length] + ".dll";
            if (File.Exists(dll)) mains.Add(dll);
        }
        if (mains.Count == 0)
            foreach (string dll in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
                if (!Path.GetFileNameWithoutExtension(dll).Equals(typeof(ICommandOutput).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase))
                    mains.Add(dll);
        return mains;
    }

    private void LoadAssembly(PluginLoadContext context, string path)
    {
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            _failures.Add(new(path, $"plugin '{path}' is not a loadable .NET assembly: {e.Message}", []) { TypesRead = false });
            return;
        }
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            string detail = e is ReflectionTypeLoadException r && r.LoaderExceptions.FirstOrDefault(x => x is not null) is { } first ? first.Message : e.Message;
            _failures.Add(new(path, $"plugin '{path}' cannot be loaded: a dependency is missing or broken ({detail}); put its dependencies in its folder", []) { TypesRead = false });
            return;
        }
        var declared = DeclaredOutputs(types);
        if (CheckVersion(assembly, path) is { } refused)
        {
            _failures.Add(new(path, refused, declared));
            return;
        }
        foreach (Type type in types)
        {
            var attribute = SafeAttribute(type);
            if (attribute is null) continue;
            try
            {
                if (type.IsAbstract || !typeof(ICommandOutput).IsAssignableFrom(type))
                    throw new PluginLoadException($"plugin '{path}': {type.FullName} is marked [CommandOutput(\"{attribute.Name}\")] but is not a concrete class implementing ICommandOutput");
                if (type.GetConstructor(Type.EmptyTypes) is null)
                    throw new PluginLoadException($"plugin '{path}': {type.FullName} needs a public parameterless constructor");
                var output = new PluginOutputType(attribute.Name, attribute.Summary, type, path, PluginOutputType.ParametersOf(type, path));
                if (_byName.TryGetValue(output.Name, out var existing))
                {
                    _duplicates.Add((output.Name, existing.AssemblyPath, path));
                    continue;
                }
                _byName.Add(output.Name, output);
                _outputs.Add(output);
            }
            catch (PluginLoadException e)
            {
                _failures.Add(new(path, e.Message, [attribute.Name]));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
            {
                _failures.Add(new(path, $"plugin '{path}': {type.FullName} cannot be loaded: a dependency is missing or broken ({e.Message}); put its dependencies in its folder", [attribute.Name]));
            }
        }
    }

    /// <summary>Null when the plugin's declared SDK version is one this host serves; else why not.</summary>
    internal static string? CheckVersion(Assembly assembly, string path)
    {
        PluginSdkVersionAttribute? v;
        try
        {
            v = assembly.GetCustomAttribute<PluginSdkVersionAttribute>();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return $"plugin '{path}': its SDK version cannot be read ({e.Message}); the host provides SDK {PluginSdk.Major}.{PluginSdk.Minor}";
        }
        string host = $"{PluginSdk.Major}.{PluginSdk.Minor}";
        if (v is null)
            return $"plugin '{path}' declares no SDK version; add [assembly: PluginSdkVersion({PluginSdk.Major}, {PluginSdk.Minor})] (the host provides SDK {host})";
        if (v.Major != PluginSdk.Major)
            return $"plugin '{path}' was built for SDK {v.Major}.{v.Minor}, but the host provides SDK {host}; a different major version is incompatible: rebuild the plugin against SDK {PluginSdk.Major}.x";
        if (v.Minor > PluginSdk.Minor)
            return $"plugin '{path}' was built for SDK {v.Major}.{v.Minor}, newer than the host's SDK {host}; update NeuroRT or rebuild the plugin against SDK {host}";
        return null;
    }

    private static CommandOutputAttribute? SafeAttribute(Type type)
    {
        try
        {
            return type.GetCustomAttribute<CommandOutputAttribute>();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            return null;
        }
    }

    private static List<string> DeclaredOutputs(Type[] types)
    {
        var names = new List<string>();
        foreach (Type t in types)
            if (SafeAttribute(t) is { } a) names.Add(a.Name);
        return names;
    }

    /// <summary>Starts unloading the plugins' load contexts (they go once nothing uses their types any more).</summary>
    public void Dispose()
    {
        foreach (var c in _contexts) c.Unload();
        _contexts.Clear();
    }
}
