using NeuroRT.Core.Pipelines;
using NeuroRT.Formats.Edf;
using NeuroRT.Host.Loading;

namespace NeuroRT.Host.Tests.Running;

/// <summary>
/// Epochs locked to EDF+ annotations: the edf source's marker channel feeding the epochs stage, on the committed
/// EEGMMIDB recording samples/S001R04.edf (160 Hz; T1 = left fist, T2 = right fist, T0 = rest).
/// </summary>
public sealed class EdfEpochsPipelineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    private static string Recording => Path.Combine(RepositoryFiles.Samples, "S001R04.edf");

    private List<(float[] Values, long Index)> RunEpochs(int block, out Core.Streams.StreamFormat format, string filter = "")
    {
        string path = _files.Write($$"""
            source: {type: edf, path: "{{Recording.Replace("\\", "/")}}", speed: 0, markers: events, marker-names: [T1, T2], unlisted-markers: ignore}
            stages:
              {{(filter.Length > 0 ? $"- {filter}" : "")}}
              - {type: epochs, marker: events, pre: 500ms, post: 4s}
            outputs:
              - {type: capture}
            runtime: {block: {{block}}}
            """, $"epochs-{block}-{filter.Length}.yaml");
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var capture = (FrameCaptureOutput)loaded.Pipeline.Ports[0].Output;
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(20_000, runner.SamplesIn);
        format = capture.Format!;
        return capture.Frames;
    }

    [Fact]
    public void Every_T1_and_T2_annotation_gives_one_epoch_of_the_files_samples_from_500ms_before_to_4s_after_its_onset()
    {
        var epochs = RunEpochs(64, out var format);
        using var file = EdfFile.Open(Recording);
        var trials = file.Annotations.Where(a => a.Text is "T1" or "T2").ToList();
        Assert.Equal(15, trials.Count);
        Assert.Equal(trials.Count, epochs.Count);
        Assert.Equal(720, format.FrameLength); // 80 + 640 samples
        Assert.Equal(65, format.ChannelCount); // 64 EEG + event
        Assert.Equal("event", format.Channels[^1].Name);

        var signal = new double[720];
        for (int e = 0; e < epochs.Count; e++)
        {
            long onset = (long)Math.Round(trials[e].Onset * 160); // onsets are whole samples in this file (e.g. 4.2 s = 672)
            var (values, index) = epochs[e];
            Assert.Equal(onset + 639, index);
            float code = trials[e].Text == "T1" ? 1 : 2;
            for (int s = 0; s < 720; s++) Assert.Equal(code, values[s * 65 + 64]);
            for (int c = 0; c < 64; c++)
            {
                file.ReadPhysical(c, onset - 80, signal);
                for (int s = 0; s < 720; s++)
                    if (values[s * 65 + c] != (float)signal[s]) Assert.Fail($"epoch {e} ({trials[e].Text} at {trials[e].Onset} s), channel {c}, sample {s}: {values[s * 65 + c]}, file {signal[s]}");
            }
        }
    }

    [Fact]
    public void The_epochs_do_not_depend_on_the_block_size()
    {
        var a = RunEpochs(1, out _);
        var b = RunEpochs(64, out _);
        Assert.Equal(a.Select(e => e.Index), b.Select(e => e.Index));
        for (int e = 0; e < a.Count; e++) Assert.True(a[e].Values.AsSpan().SequenceEqual(b[e].Values), $"epoch {e} differs");
    }

    [Fact]
    public void A_bandpass_before_the_epochs_stage_filters_the_signal_but_keeps_the_markers_so_the_same_15_epochs_come_out()
    {
        const string bandpass = "{type: bandpass, low: 8Hz, high: 30Hz, order: 4}";
        var plain = RunEpochs(64, out _);
        var filtered = RunEpochs(64, out var format, bandpass);
        Assert.Equal(15, plain.Count);
        Assert.Equal(65, format.ChannelCount);
        Assert.Equal(plain.Select(e => e.Index), filtered.Select(e => e.Index));
        for (int e = 0; e < filtered.Count; e++)
            for (int s = 0; s < 720; s++) Assert.Equal(plain[e].Values[s * 65 + 64], filtered[e].Values[s * 65 + 64]);

        // The epochs hold the band-passed signal: the same filter on the recording without a marker channel.
        string path = _files.Write($$"""
            source: {type: edf, path: "{{Recording.Replace("\\", "/")}}", speed: 0}
            stages:
              - {{bandpass}}
            outputs:
              - {type: capture}
            runtime: {block: 64}
            """, "bandpass-only.yaml");
        using var loaded = PipelineLoader.Load(path, registry: TestRegistry.Instance);
        var capture = (FrameCaptureOutput)loaded.Pipeline.Ports[0].Output;
        using (var runner = loaded.CreateRunner())
        {
            runner.Start();
            Assert.True(runner.Wait(Limit), "the run did not finish");
            Assert.Equal(PipelineState.Completed, runner.State);
        }

        Assert.Equal(20_000, capture.Frames.Count);
        for (int e = 0; e < filtered.Count; e++)
        {
            var (values, index) = filtered[e];
            long first = index - 719;
            for (int s = 0; s < 720; s++)
            {
                var sample = capture.Frames[(int)(first + s)].Values;
                for (int c = 0; c < 64; c++)
                    if (values[s * 65 + c] != sample[c]) Assert.Fail($"epoch {e}, sample {s}, channel {c}: {values[s * 65 + c]}, band-passed recording {sample[c]}");
            }
        }
    }

    [Fact]
    public void The_shipped_motor_imagery_epochs_pipeline_decides_once_per_T1_T2_trial()
    {
        using var loaded = PipelineLoader.Load(Path.Combine(RepositoryFiles.Pipelines, "motor-imagery-epochs.yaml"), new LoadOptions { Speed = 0 }, TestRegistry.Instance);
        using var runner = loaded.CreateRunner();
        runner.Start();
        Assert.True(runner.Wait(Limit), "the run did not finish");
        Assert.Equal(PipelineState.Completed, runner.State);
        Assert.Equal(15, loaded.Pipeline.Ports[0].FramesEmitted);
    }
}
