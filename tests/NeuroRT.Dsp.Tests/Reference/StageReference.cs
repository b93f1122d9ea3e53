using System.Runtime.InteropServices;
using System.Text.Json;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Tests.Reference;

/// <summary>
/// NumPy outputs of the simpler stages (features on windows, car, bipolar, project, pick, window, epochs) from
/// tools/reference/stage_reference.py (Fixtures/stage_reference.json): a 19-channel 10-20 EEG recording at 256 Hz
/// with a marker channel, and what each stage must make of it.
/// </summary>
internal static class StageReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stage_reference.json"))).RootElement);

    public static JsonElement Section(string name) => Root.Value.GetProperty(name);

    public static JsonElement Case(string section, int index) => Section(section)[index];

    private static JsonElement Signal => Section("signal");

    public static int Samples => Signal.GetProperty("samples").GetInt32();

    public static double Rate => Signal.GetProperty("fs").GetDouble();

    public static float Scale => Signal.GetProperty("scale").GetSingle();

    public static string MarkerName => Signal.GetProperty("marker").GetString()!;

    public static string[] EegNames => Strings(Signal.GetProperty("channels"));

    /// <summary>Rows kept of the sample-wise outputs: samples 0, step, 2 step, ...</summary>
    public static int SampleStep => Section("sample_step").GetInt32();

    public static float[] Floats(JsonElement base64) => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(base64.GetString()!)).ToArray();

    public static short[] Shorts(JsonElement base64) => MemoryMarshal.Cast<byte, short>(Convert.FromBase64String(base64.GetString()!)).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>The 19 EEG channels (interleaved float32, code * scale: exact).</summary>
    public static float[] Eeg() => Shorts(Signal.GetProperty("codes")).Select(c => c * Scale).ToArray();

    public static StreamFormat EegFormat() => new("eeg", EegNames.Select(n => new ChannelInfo(n, "EEG", "uV")).ToArray(), Rate);

    /// <summary>The marker channel: the code at each event's sample, 0 elsewhere.</summary>
    public static float[] Markers()
    {
        var markers = new float[Samples];
        foreach (var e in Signal.GetProperty("markers").EnumerateArray()) markers[e[0].GetInt32()] = e[1].GetSingle();
        return markers;
    }

    /// <summary>The 19 EEG channels then the marker channel, interleaved (20 wide).</summary>
    public static float[] Input()
    {
        var eeg = Eeg();
        var markers = Markers();
        int c = EegNames.Length;
        var all = new float[Samples * (c + 1)];
        for (int t = 0; t < Samples; t++)
        {
            eeg.AsSpan(t * c, c).CopyTo(all.AsSpan(t * (c + 1), c));
            all[t * (c + 1) + c] = markers[t];
        }

        return all;
    }

    public static StreamFormat InputFormat() =>
        new("eeg", EegNames.Select(n => new ChannelInfo(n, "EEG", "uV")).Append(new ChannelInfo(MarkerName, ChannelTypes.Marker, "")).ToArray(), Rate);

    /// <summary>
    /// Runs a fresh stage from <paramref name="create"/> over <paramref name="signal"/> in one call, then in blocks of
    /// 1, 7, 64 and 1000 samples; every run must give the same frames, bit for bit, with the same sample indices and
    /// times. Returns the one-call run's frames and the stages (in run order) for their counters.
    /// </summary>
    public static (List<(float[] Values, long Index, double Time)> Frames, List<IStage> Stages) RunAtEveryBlockSize(
        Func<IStage> create, StreamFormat format, float[] signal)
    {
        int samples = signal.Length / format.ChannelCount;
        var stages = new List<IStage>();
        List<(float[] Values, long Index, double Time)>? first = null;
        foreach (int block in new[] { samples, 1, 7, 64, 1000 })
        {
            var stage = create();
            stages.Add(stage);
            var frames = StageHarness.Run(stage, format, signal, block);
            if (first is null)
            {
                first = frames;
                continue;
            }

            Assert.Equal(first.Count, frames.Count);
            for (int f = 0; f < frames.Count; f++)
            {
                Assert.Equal(first[f].Index, frames[f].Index);
                Assert.Equal(first[f].Time, frames[f].Time);
                MarkerStreams.AssertSameBits(first[f].Values, frames[f].Values, $"blocks of {block}, frame {f} vs one call");
            }
        }

        return (first!, stages);
    }

    /// <summary>Output channel names of <paramref name="stage"/> on <paramref name="format"/> (a fresh configure).</summary>
    public static string[] OutputNames(IStage stage, StreamFormat format) =>
        stage.Configure(new StageInput(format, 64)).Format.Channels.Select(c => c.Name).ToArray();
}
