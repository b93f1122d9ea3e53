using NeuroRT.Plugins;

[assembly: PluginSdkVersion(1, 0)]

namespace TestPlugins.Faulty;

/// <summary>Throws on every Nth command (counting per instance, so a restarted one throws again after N).</summary>
[CommandOutput("test-throwing")]
public sealed class ThrowingOutput : ICommandOutput
{
    private long _n;
    private IPluginHost? _host;

    [PluginParameter("every", Help = "throw on every Nth command (default 10)")]
    public int Every { get; set; } = 10;

    public void Open(IPluginHost host) => _host = host;

    public void Send(in Command command)
    {
        _host!.Count("seen");
        if (++_n % Every == 0) throw new InvalidOperationException($"test failure at command {command.Sequence}");
    }

    public void Close() { }

    public void Dispose() { }
}

/// <summary>Blocks forever on its Nth command.</summary>
[CommandOutput("test-blocking")]
public sealed class BlockingOutput : ICommandOutput
{
    private long _n;

    [PluginParameter("at", Help = "the command that blocks, from 1 (default 5)")]
    public int At { get; set; } = 5;

    public void Open(IPluginHost host) { }

    public void Send(in Command command)
    {
        if (++_n == At) Thread.Sleep(Timeout.Infinite);
    }

    public void Close() { }

    public void Dispose() { }
}

/// <summary>Sleeps once, in its Nth Send, for a while (2 s by default).</summary>
[CommandOutput("test-slow")]
public sealed class SlowOutput : ICommandOutput
{
    private long _n;

    [PluginParameter("at", Help = "the slow command, from 1 (default 5)")]
    public int At { get; set; } = 5;

    [PluginParameter("sleep", Help = "how long (default 2s)")]
    public double Sleep { get; set; } = 2;

    public void Open(IPluginHost host) { }

    public void Send(in Command command)
    {
        if (++_n == At) Thread.Sleep(TimeSpan.FromSeconds(Sleep));
    }

    public void Close() { }

    public void Dispose() { }
}

/// <summary>Its constructor throws.</summary>
[CommandOutput("test-bad-constructor")]
public sealed class BadConstructorOutput : ICommandOutput
{
    public BadConstructorOutput() => throw new InvalidOperationException("cannot be made");

    public void Open(IPluginHost host) { }

    public void Send(in Command command) { }

    public void Close() { }

    public void Dispose() { }
}
