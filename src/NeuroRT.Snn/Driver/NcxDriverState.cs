namespace NeuroRT.Snn.Driver;

/// <summary>
/// Where the host→board protocol stands (spec §4, §13). The board has no framing, no acknowledgement and no resync, so
/// the driver tracks it: a command is always sent whole, and a command that the board would misread in the current
/// state (a load or read-back during a run, anything but events while streaming) is refused.
/// </summary>
public enum NcxDriverState
{
    /// <summary>The board's receiver waits for a command byte and no run is in progress.</summary>
    Idle,

    /// <summary>Configuration commands are being sent (and, after STDP enables, stored by the board's loader).</summary>
    Loading,

    /// <summary>A batch run: events and the terminator are being sent, its spike stream read.</summary>
    InRun,

    /// <summary>A streaming run: 0x30 sent, no terminator; one event per timestep until EndStreaming.</summary>
    Streaming,

    /// <summary>The FF read-back (0x5_) is being received.</summary>
    ReadingBack,

    /// <summary>The link was lost or the protocol lost step (a timeout); every call fails until a new driver is made.</summary>
    Faulted,
}
