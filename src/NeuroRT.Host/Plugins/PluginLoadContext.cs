using System.Reflection;
using System.Runtime.Loader;

namespace NeuroRT.Host.Plugins;

/// <summary>
/// The load context of one plugin folder. The SDK (NeuroRT.Plugins) and the framework come from the host's default
/// context, so a plugin's <c>ICommandOutput</c> is the host's type; everything else the plugin needs comes from its
/// own folder, found through the <c>.deps.json</c> of its assemblies. Collectible, so the host can unload it.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly string SdkName = typeof(NeuroRT.Plugins.ICommandOutput).Assembly.GetName().Name!;
    private readonly List<AssemblyDependencyResolver> _resolvers = [];
    private readonly string _folder;

    public PluginLoadContext(string folder) : base($"plugin:{folder}", isCollectible: true) => _folder = folder;

    /// <summary>Adds the dependency map of a main assembly of the folder.</summary>
    public void AddMain(string assemblyPath) => _resolvers.Add(new AssemblyDependencyResolver(assemblyPath));

    protected override Assembly? Load(AssemblyName name)
    {
        // The SDK must be the host's copy: a second copy would make every contract a different type.
        if (name.Name == SdkName) return null;
        foreach (var resolver in _resolvers)
        {
            string? path = resolver.ResolveAssemblyToPath(name);
            if (path is not null && File.Exists(path)) return LoadFromAssemblyPath(path);
        }
        // A dll of the folder not listed in a .deps.json (a plugin copied by hand) is still the plugin's own.
        string local = Path.Combine(_folder, name.Name + ".dll");
        if (File.Exists(local) && Default.Assemblies.All(a => a.GetName().Name != name.Name)) return LoadFromAssemblyPath(local);
        return null; // the framework and whatever else the host has
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var resolver in _resolvers)
        {
            string? path = resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
            if (path is not null) return LoadUnmanagedDllFromPath(path);
        }
        return IntPtr.Zero;
    }
}
