using System.Text.Json;
using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Onnx.Native;
using NeuroRT.Onnx.Stage;

namespace NeuroRT.Onnx.Tests.Support;

/// <summary>The fixtures of tools/reference/onnx_test_models.py and the library tools/setup.sh provisions.</summary>
internal static class TestModels
{
    public const double Rate = 160;
    public const int Window = 32;
    public static readonly string[] StreamChannels = ["Fz", "Pz", "C4", "Cz", "C3"];

    public static string Path(string model) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", model + ".onnx");

    /// <summary>The repository's ONNX Runtime; a missing one fails the test with the message naming tools/setup.sh.</summary>
    public static OrtLibrary Library()
    {
        try
        {
            return OrtLibrary.Load();
        }
        catch (OnnxRuntimeNotFoundException e)
        {
            Assert.Fail($"this test needs the ONNX Runtime library .native/onnxruntime/libonnxruntime.so.1: run tools/setup.sh first. ({e.Message})");
            throw;
        }
    }

    /// <summary>Windows of <paramref name="channels"/> at <paramref name="rate"/> Hz, as a window stage would emit them.</summary>
    public static StreamFormat Windows(string[]? channels = null, double rate = Rate, int window = Window)
    {
        var infos = (channels ?? StreamChannels).Select(n => new ChannelInfo(n, "EEG", "uV")).ToArray();
        return new StreamFormat("test", infos, rate, frameLength: 1, type: "EEG") with { FrameLength = window, NominalRate = rate / 8 };
    }

    public static OnnxDecoder Decoder(string model) { Library(); return new OnnxDecoder { Model = Path(model) }; }

    public static StageConfigurationException ConfigureFails(string model, StreamFormat format)
    {
        using var stage = Decoder(model);
        return Assert.Throws<StageConfigurationException>(() => stage.Configure(new StageInput(format, 4)));
    }

    public static Reference ReferenceOf(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference.json")));
        var e = doc.RootElement.GetProperty(model);
        double[] expected = Numbers(e.GetProperty(e.TryGetProperty("expected_probabilities", out _) ? "expected_probabilities" : "expected"));
        return new Reference(
            e.GetProperty("stream_channels").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            Numbers(e.GetProperty("stream_window")).Select(x => (float)x).ToArray(),
            expected);
    }

    private static double[] Numbers(JsonElement a) => a.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    /// <summary>One block holding <paramref name="frames"/> copies of <paramref name="window"/>.</summary>
    public static SampleBlock Block(StreamFormat format, float[] window, int frames = 1)
    {
        var block = new SampleBlock(format, frames) { Count = frames };
        for (int f = 0; f < frames; f++)
        {
            window.CopyTo(block.Frame(f));
            block.SetFrameTime(f, f * 0.05, f * 8, 100 + f);
        }
        return block;
    }
}

internal sealed record Reference(string[] StreamChannels, float[] StreamWindow, double[] Expected);
