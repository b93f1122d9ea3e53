using System.Net;

namespace NeuroRT.Dashboard;

/// <summary>Where the dashboard listens (<c>--dashboard-bind</c>, <c>--dashboard-port</c>).</summary>
public sealed record DashboardSettings
{
    /// <summary>The address to bind; loopback unless the user asks for another.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Frames sent to each browser per second.</summary>
    public int FramesPerSecond { get; init; } = 10;

    /// <summary>Samples per second kept for display per trace (the tap averages groups of samples down to about this).</summary>
    public double DisplayRate { get; init; } = 100;
}
