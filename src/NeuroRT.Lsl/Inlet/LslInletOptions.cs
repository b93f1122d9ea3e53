using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Diagnostics;

namespace NeuroRT.Lsl.Inlet;

/// <summary>Settings of one inlet.</summary>
public sealed record LslInletOptions
{
    /// <summary>Network settings; default: the host's config.</summary>
    public LslConfig? Config { get; init; }

    /// <summary>Where connection events are reported.</summary>
    public ILslLog? Log { get; init; }

    /// <summary>Seconds of data the outlet may queue for this inlet (liblsl's max_buflen; irregular streams: x100 samples).</summary>
    public double MaxBufferSeconds { get; init; } = 360;

    /// <summary>Samples per network write asked of the outlet (0 = the outlet's choice: every pushthrough).</summary>
    public int MaxChunkLength { get; init; }

    /// <summary>Re-resolve and reconnect when the outlet goes away (needs a non-empty source_id).</summary>
    public bool Recover { get; init; } = true;

    /// <summary>Add the measured clock offset to every timestamp (timestamps in this host's clock).</summary>
    public bool ClockSync { get; init; }

    /// <summary>Smooth timestamps of regular streams with a linear fit (half-time from SmoothingHalftime).</summary>
    public bool Dejitter { get; init; }

    /// <summary>Seconds a connection attempt (connect + handshake) may take.</summary>
    public double ConnectTimeoutSeconds { get; init; } = 5;
}
