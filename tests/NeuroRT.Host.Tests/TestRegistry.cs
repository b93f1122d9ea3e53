using NeuroRT.Host.Components;

namespace NeuroRT.Host.Tests;

/// <summary>The built-in components plus this test assembly's (e.g. <see cref="Running.OrderCheckOutput"/>).</summary>
internal static class TestRegistry
{
    public static ComponentRegistry Instance { get; } = new([
        typeof(Core.Sources.SyntheticSource).Assembly,
        typeof(Dsp.Windowing.SlidingWindow).Assembly,
        typeof(Formats.Sources.EdfSource).Assembly,
        typeof(Lsl.Pipeline.LslSource).Assembly,
        typeof(ComponentRegistry).Assembly,
        typeof(TestRegistry).Assembly,
    ]);
}
