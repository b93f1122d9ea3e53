using NeuroRT.Core.Pipelines;

namespace NeuroRT.Host.Tests.Equivalence;

/// <summary>
/// Online equals offline: the pipeline of <see cref="EquivalencePipeline"/> over one recording, fed as fast as possible,
/// in real time at 4x, and re-cut into random chunk sizes (with a different block size), writes byte-identical command
/// logs. The real-time feed takes about 31 s (125 s of recording at 4x).
/// </summary>
public sealed class OnlineEqualsOfflineTests : IDisposable
{
    // 20,000 samples at 160 Hz. EEGNet windows of 480 every 40: (20000 - 480) / 40 + 1 = 489; C3/C4 windows of 320: 493.
    private const int EegnetCommands = 489;
    private const int DecisionCommands = 493;
    private readonly EquivalencePipeline _pipeline = new();

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public void Fast_real_time_at_4x_and_randomly_rechunked_feeds_give_byte_identical_command_logs()
    {
        string edf = EquivalencePipeline.Recording;
        var fast = _pipeline.Write("fast", $"{{type: edf, path: \"{edf}\", speed: 0}}");
        var realTime = _pipeline.Write("realtime", $"{{type: edf, path: \"{edf}\", speed: 4, chunk: 50ms}}");
        var rechunked = _pipeline.Write("rechunked", $"{{type: rechunked-edf, path: \"{edf}\", max-chunk: 200, seed: 7}}", block: 7);

        using (EquivalencePipeline.Run(fast)) { }
        using (var r = EquivalencePipeline.Run(realTime))
        {
            // 125 s of data at 4x cannot take much less than 31 s: it really was paced.
            Assert.True(r.ElapsedSeconds > 25, $"the 4x replay took only {r.ElapsedSeconds:0.0} s: it was not paced");
        }
        using (EquivalencePipeline.Run(rechunked)) { }

        foreach (string branch in new[] { "eegnet", "decisions" })
        {
            byte[] reference = File.ReadAllBytes(_pipeline.Log("fast", branch));
            string[] lines = File.ReadAllLines(_pipeline.Log("fast", branch));
            Assert.Equal(branch == "eegnet" ? EegnetCommands : DecisionCommands, lines.Length);
            Assert.DoesNotContain("latency_ms", lines[0]);
            Assert.True(reference.AsSpan().SequenceEqual(File.ReadAllBytes(_pipeline.Log("realtime", branch))), $"{branch}: the 4x real-time log differs from the fast one: {FirstDifference("fast", "realtime", branch)}");
            Assert.True(reference.AsSpan().SequenceEqual(File.ReadAllBytes(_pipeline.Log("rechunked", branch))), $"{branch}: the rechunked log differs from the fast one: {FirstDifference("fast", "rechunked", branch)}");
        }

        // The decisions are not all the same (the logs would then be equal trivially).
        var labels = File.ReadAllLines(_pipeline.Log("fast", "decisions")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()).Distinct().Count();
        Assert.True(labels >= 2, "every decision has the same label");
    }

    private string FirstDifference(string a, string b, string branch)
    {
        string[] x = File.ReadAllLines(_pipeline.Log(a, branch)), y = File.ReadAllLines(_pipeline.Log(b, branch));
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return $"line {i + 1}:\n  {a}: {x[i]}\n  {b}: {y[i]}";
        return $"{a} has {x.Length} lines, {b} {y.Length}";
    }
}
