using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;

namespace NeuroRT.Lsl.Outlet;

/// <summary>Settings of one outlet.</summary>
public sealed record LslOutletOptions
{
    /// <summary>Network settings (ports, session, protocol version); default: the host's config.</summary>
    public LslConfig? Config { get; init; }

    /// <summary>Seconds of samples kept per consumer when it falls behind (liblsl's max_buffered; irregular streams: x100 samples).</summary>
    public double MaxBufferedSeconds { get; init; } = 360;

    /// <summary>Upper bound of one consumer's queue in bytes (keeps a stalled consumer of a wide, fast stream from using gigabytes).</summary>
    public int MaxQueueBytes { get; init; } = 256 << 20;

    /// <summary>Where network events are reported.</summary>
    public ILslLog? Log { get; init; }

    /// <summary>Seconds a client may take to send its request before the connection is dropped.</summary>
    public double RequestTimeoutSeconds { get; init; } = 30;
}
