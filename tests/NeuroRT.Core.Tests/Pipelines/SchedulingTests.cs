using NeuroRT.Core.Blocks;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Stages;

namespace NeuroRT.Core.Tests.Pipelines;

/// <summary>The runtime's thread priority and CPU pinning reach the pipeline thread (read back from /proc).</summary>
public class SchedulingTests
{
    /// <summary>Reads the nice value and allowed CPUs of the thread it first runs on.</summary>
    private sealed class SchedulingProbe : IStage
    {
        public int Nice { get; private set; } = int.MinValue;
        public string CpusAllowed { get; private set; } = "";

        public StageOutput Configure(StageInput input) => new(input.Format, input.MaxFramesPerBlock);

        public void Process(SampleBlock input, SampleBlock output)
        {
            if (Nice == int.MinValue)
            {
                // /proc/thread-self/stat: the 19th field is the nice value; the name field (2nd) is in parentheses.
                string stat = File.ReadAllText("/proc/thread-self/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                Nice = int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
                foreach (string line in File.ReadAllLines("/proc/thread-self/status"))
                    if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)) CpusAllowed = line["Cpus_allowed_list:".Length..].Trim();
            }
            output.Append(input, 0, input.Count);
        }
    }

    private static (SchedulingProbe Probe, PipelineRunner Runner, Pipeline Pipeline) Run(PipelineSettings settings)
    {
        var source = new SyntheticSource { Channels = 2, Rate = 1000, Duration = 0.5, Speed = 0 };
        var probe = new SchedulingProbe();
        var g = new PipelineGraph();
        g.AddStage("probe", probe, PipelineGraph.SourceName);
        var pipeline = g.Build(source.Open(), settings);
        var runner = new PipelineRunner(pipeline, source);
        runner.Start();
        Assert.True(runner.Wait(TimeSpan.FromSeconds(60)));
        Assert.Equal(PipelineState.Completed, runner.State);
        return (probe, runner, pipeline);
    }

    [Fact]
    public void A_lowered_priority_and_a_pinned_cpu_apply_to_the_pipeline_thread()
    {
        Assert.True(OperatingSystem.IsLinux(), "these checks read /proc");
        // Lowering a priority (a higher nice value) and pinning need no privilege, so this holds for any user.
        var (probe, runner, pipeline) = Run(new PipelineSettings { ThreadPriority = 7, PipelineCpus = [0], AcquisitionCpus = [0] });
        using (pipeline)
        using (runner)
        {
            Assert.Empty(runner.SchedulingWarnings);
            Assert.Equal(7, probe.Nice);
            Assert.Equal("0", probe.CpusAllowed);
        }
    }

    [Fact]
    public void A_raised_priority_applies_or_is_reported_as_not_permitted()
    {
        var (probe, runner, pipeline) = Run(new PipelineSettings { ThreadPriority = -5 });
        using (pipeline)
        using (runner)
        {
            if (runner.SchedulingWarnings.Count == 0)
            {
                Assert.Equal(-5, probe.Nice);
                return;
            }

            // Without CAP_SYS_NICE both threads say so, and the run still completed.
            Assert.Equal(2, runner.SchedulingWarnings.Count);
            Assert.All(runner.SchedulingWarnings, w => Assert.Contains("needs root or CAP_SYS_NICE", w, StringComparison.Ordinal));
            Assert.Equal(0, probe.Nice);
        }
    }

    [Fact]
    public void A_cpu_that_does_not_exist_is_reported_and_the_run_goes_on()
    {
        int missing = Environment.ProcessorCount;
        var (_, runner, pipeline) = Run(new PipelineSettings { PipelineCpus = [missing] });
        using (pipeline)
        using (runner)
        {
            var warning = Assert.Single(runner.SchedulingWarnings);
            Assert.Contains($"pipeline thread: CPU {missing} does not exist", warning, StringComparison.Ordinal);
        }
    }
}
