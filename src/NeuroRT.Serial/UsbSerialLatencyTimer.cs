namespace NeuroRT.Serial;

/// <summary>
/// The latency timer of a USB-serial adapter (FTDI and compatibles) on Linux: the adapter holds
/// received bytes up to this many milliseconds before sending a partly filled USB packet, 16 ms by
/// default, a classic source of BCI latency. Exposed by the kernel as
/// <c>/sys/bus/usb-serial/devices/ttyUSBn/latency_timer</c>.
/// </summary>
public sealed class UsbSerialLatencyTimer
{
    private UsbSerialLatencyTimer(string portPath, string attributePath, int milliseconds)
    {
        PortPath = portPath;
        AttributePath = attributePath;
        Milliseconds = milliseconds;
    }

    /// <summary>The serial device path asked about.</summary>
    public string PortPath { get; }

    /// <summary>The sysfs attribute file, e.g. /sys/bus/usb-serial/devices/ttyUSB0/latency_timer.</summary>
    public string AttributePath { get; }

    /// <summary>The latency timer in milliseconds when it was read.</summary>
    public int Milliseconds { get; private set; }

    /// <summary>
    /// Finds the latency timer of <paramref name="portPath"/> (symbolic links such as
    /// /dev/serial/by-id/... are followed to the tty name) under <paramref name="sysfsRoot"/>.
    /// Returns null when the port has none (not a USB-serial adapter, or not Linux).
    /// Throws <see cref="FormatException"/> naming the file when its content is not a number.
    /// </summary>
    public static UsbSerialLatencyTimer? TryFind(string portPath, string sysfsRoot = "/sys")
    {
        ArgumentException.ThrowIfNullOrEmpty(portPath);
        string device = portPath;
        try
        {
            FileSystemInfo? target = new FileInfo(portPath).ResolveLinkTarget(returnFinalTarget: true);
            if (target != null) device = target.FullName;
        }
        catch (IOException) { }
        string name = Path.GetFileName(device);
        if (name.Length == 0) return null;
        string attribute = Path.Combine(sysfsRoot, "bus", "usb-serial", "devices", name, "latency_timer");
        if (!File.Exists(attribute)) return null;
        return new UsbSerialLatencyTimer(portPath, attribute, ReadValue(attribute));
    }

    /// <summary>
    /// Writes <paramref name="milliseconds"/> (1..255) to the latency timer. Returns false with a
    /// message saying what to do when permission is missing (the attribute is root-only by default).
    /// </summary>
    public bool TrySet(int milliseconds, out string? error)
    {
        if (milliseconds < 1 || milliseconds > 255)
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, "latency timer must be 1..255 ms");
        try
        {
            File.WriteAllText(AttributePath, milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (UnauthorizedAccessException)
        {
            error = $"cannot set the latency timer of '{PortPath}' to {milliseconds} ms: permission denied on {AttributePath}. " +
                    $"It stays at {Milliseconds} ms. Run once as root: echo {milliseconds} | sudo tee {AttributePath}, " +
                    $"or add a udev rule: ACTION==\"add\", SUBSYSTEM==\"usb-serial\", DRIVER==\"ftdi_sio\", ATTR{{latency_timer}}=\"{milliseconds}\".";
            return false;
        }
        catch (IOException ex)
        {
            error = $"cannot set the latency timer of '{PortPath}' to {milliseconds} ms: {ex.Message} ({AttributePath}). It stays at {Milliseconds} ms.";
            return false;
        }
        Milliseconds = ReadValue(AttributePath);
        error = null;
        return true;
    }

    /// <summary>"ttyUSB0 latency_timer = 16 ms (…/latency_timer)".</summary>
    public override string ToString() => $"{PortPath}: USB-serial latency timer {Milliseconds} ms ({AttributePath})";

    private static int ReadValue(string attribute)
    {
        string text = File.ReadAllText(attribute).Trim();
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int ms))
            throw new FormatException($"{attribute}: expected the latency timer in milliseconds, found '{text}'");
        return ms;
    }
}
