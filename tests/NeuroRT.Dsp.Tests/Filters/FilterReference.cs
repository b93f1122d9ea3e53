using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Tests.Filters;

/// <summary>SciPy's designs and filtered signals from tools/reference/filter_reference.py (Fixtures/filter_reference.json).</summary>
internal static class FilterReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement);

    public static JsonElement Designs => Root.Value.GetProperty("designs");

    /// <summary>Any top-level section of the reference file (combs, firs, decimated, bandpowers, ...).</summary>
    public static JsonElement Section(string name) => Root.Value.GetProperty(name);

    /// <summary>Rows of numbers (a JSON array of arrays).</summary>
    public static double[][] Rows(JsonElement rows) => rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    /// <summary>
    /// Runs a fresh stage from <paramref name="create"/> over the reference signal in blocks of the whole signal, 1, 7, 64
    /// and 1000 samples: the first run must match <paramref name="expected"/> (interleaved, one row per output frame) to
    /// 1e-5 of each channel's RMS, and every other run must give bit-identical frames. Returns the first run's frames.
    /// </summary>
    public static List<float[]> AssertMatchesAtAnyBlockSize(Func<NeuroRT.Core.Stages.IStage> create, float[] expected, string what)
    {
        var (input, samples, channels, fs) = Input();
        var format = StageHarness.Format(channels, fs);
        List<float[]>? first = null;
        foreach (int block in new[] { samples, 1, 7, 64, 1000 })
        {
            var frames = StageHarness.Run(create(), format, input, block).Select(f => f.Values).ToList();
            if (first is not null)
            {
                Assert.Equal(first, frames);
                continue;
            }

            first = frames;
            int count = expected.Length / channels;
            Assert.Equal(count, frames.Count);
            for (int c = 0; c < channels; c++)
            {
                double rms = Math.Sqrt(Enumerable.Range(0, count).Average(t => (double)expected[t * channels + c] * expected[t * channels + c]));
                double worst = Enumerable.Range(0, count).Max(t => Math.Abs(frames[t][c] - expected[t * channels + c]));
                Assert.True(worst <= 1e-5 * rms, $"{what}, channel {c}: worst error {worst:G3} exceeds 1e-5 of the output RMS {rms:G4}");
            }
        }

        return first!;
    }

    /// <summary>The reference signal cut into 2 s windows every 0.5 s (as the reference script cuts it), and their format.</summary>
    public static (SampleBlock Windows, NeuroRT.Core.Streams.StreamFormat Format) Windows()
    {
        var (input, samples, channels, fs) = Input();
        var format = StageHarness.Format(channels, fs);
        var window = new NeuroRT.Dsp.Windowing.SlidingWindow { Length = 2, Step = 0.5 };
        var windowed = window.Configure(new NeuroRT.Core.Stages.StageInput(format, samples));
        using var block = new SampleBlock(format, samples) { Count = samples };
        input.CopyTo(block.Values);
        for (int i = 0; i < samples; i++) block.SetFrameTime(i, i / fs, i, 0);
        var windows = new SampleBlock(windowed.Format, windowed.MaxFramesPerBlock);
        window.Process(block, windows);
        return (windows, windowed.Format);
    }

    /// <summary>Configures <paramref name="stage"/> on <paramref name="format"/> and runs it once on <paramref name="input"/>.</summary>
    public static SampleBlock RunOnce(NeuroRT.Core.Stages.IStage stage, SampleBlock input, NeuroRT.Core.Streams.StreamFormat format)
    {
        var output = stage.Configure(new NeuroRT.Core.Stages.StageInput(format, input.Capacity));
        var result = new SampleBlock(output.Format, output.MaxFramesPerBlock);
        stage.Process(input, result);
        return result;
    }

    public static JsonElement Notches => Root.Value.GetProperty("notches");

    public static JsonElement Filtered => Root.Value.GetProperty("filtered");

    public static JsonElement Signal => Root.Value.GetProperty("signal");

    public static (float[] Values, int Samples, int Channels, double Fs) Input()
    {
        var s = Signal;
        var bytes = Convert.FromBase64String(s.GetProperty("float32").GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return (values, s.GetProperty("samples").GetInt32(), s.GetProperty("channels").GetInt32(), s.GetProperty("fs").GetDouble());
    }

    public static float[] Output(JsonElement filtered)
    {
        var bytes = Convert.FromBase64String(filtered.GetProperty("output").GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static FilterFamily Family(string name) => name switch
    {
        "butterworth" => FilterFamily.Butterworth,
        "chebyshev1" => FilterFamily.ChebyshevI,
        _ => FilterFamily.ChebyshevII,
    };

    public static BandType Band(string name) => name switch
    {
        "lowpass" => BandType.LowPass,
        "highpass" => BandType.HighPass,
        "bandpass" => BandType.BandPass,
        _ => BandType.BandStop,
    };

    /// <summary>Our design for a reference entry.</summary>
    public static SecondOrderSections Design(JsonElement d)
    {
        var freqs = d.GetProperty("frequencies").EnumerateArray().Select(f => f.GetDouble()).ToArray();
        double ripple = d.GetProperty("ripple").ValueKind == JsonValueKind.Number ? d.GetProperty("ripple").GetDouble() : 1;
        double attenuation = d.GetProperty("attenuation").ValueKind == JsonValueKind.Number ? d.GetProperty("attenuation").GetDouble() : 40;
        return FilterDesign.Design(Family(d.GetProperty("family").GetString()!), Band(d.GetProperty("type").GetString()!), d.GetProperty("order").GetInt32(),
            freqs, d.GetProperty("fs").GetDouble(), ripple, attenuation);
    }
}
