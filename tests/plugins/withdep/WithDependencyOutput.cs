using NeuroRT.Plugins;

[assembly: PluginSdkVersion(1, 0)]

namespace TestPlugins.WithDependency;

/// <summary>Counts "doubled" through its own dependency; its constructor already needs it.</summary>
[CommandOutput("test-with-dependency")]
public sealed class WithDependencyOutput : ICommandOutput
{
    private readonly DepLib.Doubler _doubler = new();
    private IPluginHost? _host;

    public void Open(IPluginHost host) => _host = host;

    public void Send(in Command command) => _host!.Count("doubled", _doubler.Twice(1));

    public void Close() { }

    public void Dispose() { }
}
