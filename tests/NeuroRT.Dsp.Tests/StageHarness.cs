using NeuroRT.Core.Blocks;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;

namespace NeuroRT.Dsp.Tests;

/// <summary>Runs a stage on a signal cut into blocks of given sizes, as the pipeline thread would.</summary>
internal static class StageHarness
{
    public static StreamFormat Format(int channels, double rate, params string[] names)
    {
        var list = new List<ChannelInfo>();
        for (int c = 0; c < channels; c++) list.Add(new ChannelInfo(c < names.Length ? names[c] : $"ch{c + 1}", "EEG", "uV"));
        return new StreamFormat("test", list, rate);
    }

    /// <summary>Feeds <paramref name="signal"/> (interleaved) in blocks of <paramref name="blockSizes"/> (cycled) and collects every output frame.</summary>
    public static List<(float[] Values, long Index, double Time)> Run(IStage stage, StreamFormat format, float[] signal, params int[] blockSizes)
    {
        int c = format.ChannelCount;
        int maxBlock = blockSizes.Max();
        var output = stage.Configure(new StageInput(format, maxBlock));
        using var input = new SampleBlock(format, maxBlock);
        using var result = new SampleBlock(output.Format, Math.Max(1, output.MaxFramesPerBlock));
        var frames = new List<(float[], long, double)>();
        int samples = signal.Length / c;
        int b = 0;
        for (int first = 0; first < samples; b++)
        {
            int n = Math.Min(blockSizes[b % blockSizes.Length], samples - first);
            input.Count = n;
            signal.AsSpan(first * c, n * c).CopyTo(input.Values);
            for (int i = 0; i < n; i++) input.SetFrameTime(i, (first + i) / format.NominalRate, first + i, 1000 + first + i);
            result.Count = 0;
            stage.Process(input, result);
            for (int f = 0; f < result.Count; f++) frames.Add((result.Frame(f).ToArray(), result.SampleIndex[f], result.Timestamps[f]));
            first += n;
        }
        return frames;
    }

    /// <summary>Bytes allocated by <paramref name="stage"/>.Process over many calls after a warm-up call.</summary>
    public static long AllocatedBy(IStage stage, SampleBlock input, SampleBlock output, int calls = 1000)
    {
        output.Count = 0;
        stage.Process(input, output);
        // With tests running in parallel, GetAllocatedBytesForCurrentThread now and then reports a few hundred to a
        // few thousand bytes this thread never allocated (dotnet/coreclr#10207; seen here with and without tiered
        // compilation, with and without a GC counted during the run). A run that allocated is therefore measured
        // again, up to five times, and the smallest figure returned: an allocation in Process recurs in every run
        // of `calls` calls, a spurious reading does not.
        long smallest = long.MaxValue;
        for (int attempt = 0; attempt < 5 && smallest != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                output.Count = 0;
                stage.Process(input, output);
            }
            smallest = Math.Min(smallest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return smallest;
    }

    public static float[] Ramp(int samples, int channels)
    {
        var s = new float[samples * channels];
        for (int i = 0; i < samples; i++)
            for (int k = 0; k < channels; k++) s[i * channels + k] = i * 100 + k;
        return s;
    }
}
