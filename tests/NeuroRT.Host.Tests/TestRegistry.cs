using NeuroRT.Host.Components;

namespace NeuroRT.Host.Tests;

/// <summary>The built-in components plus this test assembly's (e.g. <see cref="Running.OrderCheckOutput"/>).</summary>
internal static class TestRegistry
{
    public static ComponentRegistry Instance { get; } = Create();

    // Touching BuiltIn registers the snn stage's virtual NeuroCoreX board.
    private static ComponentRegistry Create() => ComponentRegistry.BuiltIn is null ? null! : new([
        typeof(Core.Sources.SyntheticSource).Assembly,
        typeof(Dsp.Windowing.SlidingWindow).Assembly,
        typeof(Formats.Sources.EdfSource).Assembly,
        typeof(Lsl.Pipeline.LslSource).Assembly,
        typeof(NeuroRT.Snn.Stage.SnnStage).Assembly,
        typeof(NeuroRT.Onnx.Stage.OnnxDecoder).Assembly,
        typeof(ComponentRegistry).Assembly,
        typeof(TestRegistry).Assembly,
    ]);
}
