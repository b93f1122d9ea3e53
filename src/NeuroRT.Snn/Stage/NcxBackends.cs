using NeuroRT.Snn.Link;

namespace NeuroRT.Snn.Stage;

/// <summary>
/// Where the snn stage gets its links. The in-process virtual board lives in the device-model assembly
/// (devices/neurocorex), which depends on this one, so the host registers it here at start-up.
/// </summary>
public static class NcxBackends
{
    /// <summary>The keyword for the in-process virtual board in <c>device:</c>.</summary>
    public const string Virtual = "virtual";

    /// <summary>Creates a link to a fresh in-process virtual board, or null when no host registered one.</summary>
    public static Func<INcxLink>? VirtualBoard { get; set; }

    /// <summary>A link to <paramref name="device"/>: the virtual board for "virtual", else a serial port at 1 Mbaud.</summary>
    public static INcxLink Open(string device)
    {
        if (string.Equals(device, Virtual, StringComparison.OrdinalIgnoreCase))
        {
            return VirtualBoard?.Invoke() ?? throw new InvalidOperationException("no virtual NeuroCoreX board is registered in this process (the host registers the one of devices/neurocorex)");
        }

        return SerialLink.Open(device);
    }
}
