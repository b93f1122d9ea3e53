using NeuroRT.Core.Configuration;
using NeuroRT.Core.Pipelines;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Threading;

namespace NeuroRT.Host.Loading;

/// <summary>The <c>runtime:</c> section of a pipeline file: buffer sizes, with low-latency defaults.</summary>
public sealed class RuntimeOptions
{
    private static readonly PipelineSettings Defaults = new();

    /// <summary>Most samples per pipeline cycle.</summary>
    [Parameter("block", Help = "most samples the pipeline takes per cycle (default 64)")]
    public int Block { get; set; } = Defaults.MaxBlockSamples;

    /// <summary>Ring length in seconds.</summary>
    [Parameter("ring", Quantity = Quantity.Time, Help = "input buffered between acquisition and pipeline (default 10s)")]
    public double Ring { get; set; } = Defaults.RingSeconds;

    /// <summary>Packets queued per output.</summary>
    [Parameter("output-queue", Help = "packets queued towards each output before the oldest is dropped (default 32)")]
    public int OutputQueue { get; set; } = Defaults.OutputQueuePackets;

    /// <summary>Warm-up length in blocks.</summary>
    [Parameter("warmup-blocks", Help = "blocks before allocation and GC counting starts (default 200)")]
    public int WarmupBlocks { get; set; } = Defaults.WarmupBlocks;

    /// <summary>Nice value of the acquisition and pipeline threads.</summary>
    [Parameter("priority", Help = "nice value (-20 .. 19) of the acquisition and pipeline threads on Linux, e.g. -10 (raising it needs root or CAP_SYS_NICE; default 0: left as the process has it)")]
    public int Priority { get; set; }

    /// <summary>CPUs for the pipeline thread.</summary>
    [Parameter("pipeline-cpus", Help = "CPUs the pipeline thread may run on, e.g. [3] (default: any)")]
    public int[] PipelineCpus { get; set; } = [];

    /// <summary>CPUs for the acquisition thread.</summary>
    [Parameter("acquisition-cpus", Help = "CPUs the acquisition thread may run on, e.g. [2] (default: any)")]
    public int[] AcquisitionCpus { get; set; } = [];

    /// <summary>Checks ranges and makes the settings.</summary>
    public PipelineSettings ToSettings()
    {
        if (Block < 1 || Block > 1 << 20) throw new StageConfigurationException("block", $"block must be 1 .. 1048576 samples, got {Block}");
        if (!(Ring > 0)) throw new StageConfigurationException("ring", $"ring must be a positive duration, got {Ring} s");
        if (OutputQueue < 2 || OutputQueue > 65536) throw new StageConfigurationException("output-queue", $"output-queue must be 2 .. 65536 packets, got {OutputQueue}");
        if (WarmupBlocks < 1) throw new StageConfigurationException("warmup-blocks", $"warmup-blocks must be at least 1, got {WarmupBlocks}");
        if (Priority is < -20 or > 19) throw new StageConfigurationException("priority", $"priority must be a nice value -20 .. 19, got {Priority}");
        CheckCpus("pipeline-cpus", PipelineCpus);
        CheckCpus("acquisition-cpus", AcquisitionCpus);
        return new PipelineSettings
        {
            MaxBlockSamples = Block, RingSeconds = Ring, OutputQueuePackets = OutputQueue, WarmupBlocks = WarmupBlocks,
            ThreadPriority = Priority == 0 ? null : Priority, PipelineCpus = PipelineCpus, AcquisitionCpus = AcquisitionCpus,
        };
    }

    private static void CheckCpus(string parameter, int[] cpus)
    {
        foreach (int cpu in cpus)
            if (ThreadScheduling.CpuProblem(cpu) is { } problem) throw new StageConfigurationException(parameter, problem);
    }
}
