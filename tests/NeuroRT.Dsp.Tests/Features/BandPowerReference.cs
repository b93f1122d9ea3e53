using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Dsp.Tests.Filters;
using NeuroRT.Dsp.Windowing;

namespace NeuroRT.Dsp.Tests.Features;

/// <summary>NumPy/SciPy band powers and envelopes from tools/reference/bandpower_reference.py (Fixtures/bandpower_reference.json).</summary>
internal static class BandPowerReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bandpower_reference.json"))).RootElement);

    public static JsonElement Section(string name) => Root.Value.GetProperty(name);

    public static double[][] Rows(JsonElement rows) => FilterReference.Rows(rows);

    public static float[] Floats(JsonElement base64)
    {
        var bytes = Convert.FromBase64String(base64.GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>The input signal and its format.</summary>
    public static (float[] Values, StreamFormat Format) Input()
    {
        var s = Section("signal");
        return (Floats(s.GetProperty("float32")), StageHarness.Format(s.GetProperty("channels").GetInt32(), s.GetProperty("fs").GetDouble()));
    }

    /// <summary>Every window of <paramref name="length"/> samples every <paramref name="step"/> of <paramref name="signal"/>, as the window stage emits them, and their format.</summary>
    public static (SampleBlock Windows, StreamFormat Format) Windows(float[] signal, StreamFormat format, int length, int step)
    {
        var window = new SlidingWindow { Length = length / format.NominalRate, Step = step / format.NominalRate };
        int samples = signal.Length / format.ChannelCount;
        var windowed = window.Configure(new StageInput(format, samples));
        using var block = new SampleBlock(format, samples) { Count = samples };
        signal.CopyTo(block.Values);
        for (int i = 0; i < samples; i++) block.SetFrameTime(i, i / format.NominalRate, i, 0);
        var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(block, windows);
        return (windows, windowed.Format);
    }

    /// <summary>
    /// Runs a fresh stage from <paramref name="create"/> on <paramref name="signal"/> in blocks of the whole signal, 1, 7, 64
    /// and 1000 samples, asserts every run gives bit-identical frames, and returns them.
    /// </summary>
    public static List<float[]> RunAtEveryBlockSize(Func<IStage> create, StreamFormat format, float[] signal)
    {
        int samples = signal.Length / format.ChannelCount;
        var first = StageHarness.Run(create(), format, signal, samples).Select(f => f.Values).ToList();
        foreach (int block in new[] { 1, 7, 64, 1000 })
            Assert.Equal(first, StageHarness.Run(create(), format, signal, block).Select(f => f.Values).ToList());
        return first;
    }

    /// <summary>Asserts each value is within <paramref name="relative"/> of its reference (plus 1e-12 for zeros).</summary>
    public static void AssertClose(double[][] expected, IReadOnlyList<float[]> actual, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int f = 0; f < expected.Length; f++)
        {
            Assert.Equal(expected[f].Length, actual[f].Length);
            for (int k = 0; k < expected[f].Length; k++)
                Assert.True(Math.Abs(actual[f][k] - expected[f][k]) <= relative * Math.Abs(expected[f][k]) + 1e-12,
                    $"{what}, window {f}, value {k}: {actual[f][k]} vs reference {expected[f][k]}");
        }
    }
}

/// <summary>Two stages run back to back as one (e.g. window then a feature), for block-size tests of a chain.</summary>
internal sealed class StageChain(IStage first, IStage second) : IStage
{
    private SampleBlock? _between;

    public StageOutput Configure(StageInput input)
    {
        var middle = first.Configure(input);
        _between = new SampleBlock(middle.Format, Math.Max(1, middle.MaxFramesPerBlock));
        return second.Configure(new StageInput(middle.Format, Math.Max(1, middle.MaxFramesPerBlock)));
    }

    public void Process(SampleBlock input, SampleBlock output)
    {
        _between!.Count = 0;
        first.Process(input, _between);
        second.Process(_between, output);
    }
}
