using NeuroRT.Formats.BrainVision;
using NeuroRT.Formats.Sources;
using NeuroRT.Formats.Sources.Replay;

namespace NeuroRT.Formats.Tests.Sources;

/// <summary>The edf and brainvision sources share the replay loop: looping and random re-chunking behave as for xdf.</summary>
public sealed class RecordingSourceLoopTests
{
    private static string Edf => Path.Combine(SharedData.RepositoryRoot(), "samples", "S001R04.edf");

    public static TheoryData<string> Sources => new() { "edf", "brainvision" };

    private static (RecordingSource Source, int Width, int Samples, double Rate) Create(string kind, Action<RecordingSource> set)
    {
        RecordingSource source = kind == "edf"
            ? new EdfSource { Path = Edf, Markers = "events", Speed = 0 }
            : new BrainVisionSource { Path = SharedData.File("brainvision", "test.vhdr"), Markers = "events", Speed = 0 };
        set(source);
        var format = source.Open();
        int samples = kind == "edf" ? 20_000 : (int)((BrainVisionSource)source).File!.SampleCount;
        return (source, format.ChannelCount, samples, format.NominalRate);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Two_passes_repeat_values_and_markers_with_continuing_stamps_in_any_chunking(string kind)
    {
        var (once, width, samples, rate) = Create(kind, _ => { });
        var (twice, _, _, _) = Create(kind, s => { s.Loop = 2; s.Rechunk = ReplayChunking.Random; s.Chunk = 0.05; });
        using (once)
        using (twice)
        {
            var a = XdfRecordings.Run(once, width, samples);
            var b = XdfRecordings.Run(twice, width, 2 * samples);
            Assert.Equal(samples, a.Times.Length);
            Assert.Equal(2 * samples, b.Times.Length);
            double span = a.Times[^1] - a.Times[0] + 1 / rate;
            Assert.Equal(a.Values, b.Values.AsSpan(0, samples * width).ToArray());
            Assert.Equal(a.Values, b.Values.AsSpan(samples * width).ToArray());
            Assert.Equal(a.Times, b.Times.AsSpan(0, samples).ToArray());
            for (int k = 0; k < samples; k++) Assert.Equal(a.Times[k] + span, b.Times[samples + k], 9);
            Assert.True(a.Values.Where((v, i) => i % width == width - 1 && v != 0).Any(), "the marker channel carries markers");
        }
    }
}
