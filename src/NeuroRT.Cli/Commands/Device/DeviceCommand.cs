using System.CommandLine;

namespace NeuroRT.Cli.Commands.Device;

/// <summary><c>neurort device</c>: device models served where a program expects the real device.</summary>
internal static class DeviceCommand
{
    public static Command Create() => new("device",
        "serve a device model where programs expect the real device (a NeuroCoreX board on a pseudo-terminal, " +
        "opened like the board's serial port), to run pipelines and tools without the hardware")
    {
        NeuroCoreXVirtualCommand.Create(),
    };
}
