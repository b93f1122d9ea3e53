using NeuroRT.Serial;

namespace NeuroRT.Snn.Tests.Serial;

public sealed class UsbSerialLatencyTimerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("neurort-sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Attribute(string tty) => Path.Combine(_root, "bus", "usb-serial", "devices", tty, "latency_timer");

    private void FakeAdapter(string tty, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Attribute(tty))!);
        File.WriteAllText(Attribute(tty), content);
    }

    [Fact]
    public void The_latency_timer_of_a_usb_serial_port_is_found_and_parsed()
    {
        FakeAdapter("ttyUSB0", "16\n");
        var timer = UsbSerialLatencyTimer.TryFind("/dev/ttyUSB0", _root);
        Assert.NotNull(timer);
        Assert.Equal(16, timer.Milliseconds);
        Assert.Equal(Attribute("ttyUSB0"), timer.AttributePath);
        Assert.Contains("16 ms", timer.ToString());
    }

    [Fact]
    public void A_symbolic_link_such_as_serial_by_id_is_followed_to_the_tty_name()
    {
        FakeAdapter("ttyUSB3", "16\n");
        string dev = Path.Combine(_root, "dev");
        Directory.CreateDirectory(dev);
        File.WriteAllText(Path.Combine(dev, "ttyUSB3"), "");
        string byId = Path.Combine(dev, "usb-FTDI_FT232R_USB_UART_A1B2C3-if00-port0");
        File.CreateSymbolicLink(byId, Path.Combine(dev, "ttyUSB3"));
        var timer = UsbSerialLatencyTimer.TryFind(byId, _root);
        Assert.NotNull(timer);
        Assert.Equal(Attribute("ttyUSB3"), timer.AttributePath);
    }

    [Fact]
    public void A_port_without_a_latency_timer_gives_null()
    {
        Assert.Null(UsbSerialLatencyTimer.TryFind("/dev/ttyACM0", _root));
    }

    [Fact]
    public void Content_that_is_not_a_number_is_an_error_naming_the_file()
    {
        FakeAdapter("ttyUSB1", "fast\n");
        var ex = Assert.Throws<FormatException>(() => UsbSerialLatencyTimer.TryFind("/dev/ttyUSB1", _root));
        Assert.Contains(Attribute("ttyUSB1"), ex.Message);
    }

    [Fact]
    public void Setting_the_latency_timer_writes_the_attribute_and_rereads_it()
    {
        FakeAdapter("ttyUSB0", "16\n");
        var timer = UsbSerialLatencyTimer.TryFind("/dev/ttyUSB0", _root)!;
        Assert.True(timer.TrySet(1, out string? error), error);
        Assert.Equal(1, timer.Milliseconds);
        Assert.Equal("1", File.ReadAllText(Attribute("ttyUSB0")).Trim());
    }

    [Fact]
    public void Permission_denied_gives_a_message_saying_how_to_set_it()
    {
        // The attribute is a link to a read-only sysfs file: the kernel refuses opening it for writing
        // with EACCES even for root (kernfs has no store method), as a root-only latency_timer refuses a user.
        const string readOnlySysfs = "/sys/kernel/uevent_seqnum";
        Assert.True(File.Exists(readOnlySysfs), $"{readOnlySysfs} is needed for this test (is /sys mounted?)");
        string attribute = Attribute("ttyUSB0");
        Directory.CreateDirectory(Path.GetDirectoryName(attribute)!);
        File.CreateSymbolicLink(attribute, readOnlySysfs);
        var timer = UsbSerialLatencyTimer.TryFind("/dev/ttyUSB0", _root)!;
        Assert.False(timer.TrySet(1, out string? error));
        Assert.NotNull(error);
        Assert.Contains("permission denied", error);
        Assert.Contains("/dev/ttyUSB0", error);
        Assert.Contains(attribute, error);
        Assert.Contains("sudo tee", error);
        Assert.Contains("udev", error);
    }
}
