using NeuroRT.Plugins;

// Declares a future, incompatible SDK: the host must refuse it.
[assembly: PluginSdkVersion(2, 0)]

namespace TestPlugins.Sdk2;

[CommandOutput("future-output", Summary = "built for SDK 2.0 (tests)")]
public sealed class FutureOutput : ICommandOutput
{
    public void Open(IPluginHost host) { }

    public void Send(in Command command) { }

    public void Close() { }

    public void Dispose() { }
}
