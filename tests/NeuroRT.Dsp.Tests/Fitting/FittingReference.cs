using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Tests.Fitting;

/// <summary>SciPy/MNE/numpy results from tools/reference/fitting_reference.py (Fixtures/fitting_reference.json).</summary>
internal static class FittingReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fitting_reference.json"))).RootElement);

    public static JsonElement Section(string name) => Root.Value.GetProperty(name);

    public static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(Numbers).ToArray();

    public static int Channels => Section("epochs").GetProperty("channels").GetInt32();

    public static int Samples => Section("epochs").GetProperty("samples").GetInt32();

    /// <summary>Every epoch (samples x channels, sample-major) with its label (0 or 1).</summary>
    public static (float[] Epoch, int Label)[] Epochs()
    {
        var e = Section("epochs");
        var bytes = Convert.FromBase64String(e.GetProperty("float32").GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        int size = Channels * Samples;
        var labels = e.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        return labels.Select((label, i) => (values.AsSpan(i * size, size).ToArray(), label)).ToArray();
    }

    public static List<float[]> Class(int label) => Epochs().Where(e => e.Label == label).Select(e => e.Epoch).ToList();

    /// <summary>All epochs as the frames of one block of windows, in file order.</summary>
    public static (SampleBlock Windows, StreamFormat Format) Windows(params string[] names)
    {
        var epochs = Epochs();
        var format = StageHarness.Format(Channels, 250, names) with { FrameLength = Samples };
        var block = new SampleBlock(format, epochs.Length) { Count = epochs.Length };
        for (int f = 0; f < epochs.Length; f++)
        {
            epochs[f].Epoch.CopyTo(block.Frame(f));
            block.SetFrameTime(f, f, (f + 1) * Samples - 1, 0);
        }
        return (block, format);
    }

    /// <summary>Largest |a - b| over two matrices given as rows.</summary>
    public static double WorstDifference(double[][] a, double[][] b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (int r = 0; r < a.Length; r++)
        {
            Assert.Equal(a[r].Length, b[r].Length);
            for (int c = 0; c < a[r].Length; c++) worst = Math.Max(worst, Math.Abs(a[r][c] - b[r][c]));
        }
        return worst;
    }
}
