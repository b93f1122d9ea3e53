namespace NeuroRT.Core.Pipelines;

/// <summary>Run-time sizes of a pipeline; the defaults favour low latency.</summary>
public sealed record PipelineSettings
{
    /// <summary>Most samples the pipeline thread takes from the ring per cycle. It takes whatever is
    /// there up to this, so a live stream is processed as soon as each chunk arrives.</summary>
    public int MaxBlockSamples { get; init; } = 64;

    /// <summary>Seconds of input the ring between acquisition and pipeline holds.</summary>
    public double RingSeconds { get; init; } = 10;

    /// <summary>Packets queued towards each output before the oldest is dropped.</summary>
    public int OutputQueuePackets { get; init; } = 32;

    /// <summary>Blocks processed before the steady state begins (allocation and GC counters start there).</summary>
    public int WarmupBlocks { get; init; } = 200;

    /// <summary>Nice value (-20 .. 19) the acquisition and pipeline threads give themselves on Linux; null leaves them
    /// at the process's. Raising it (negative) needs root or CAP_SYS_NICE; without, the run says so and goes on.</summary>
    public int? ThreadPriority { get; init; }

    /// <summary>CPUs the pipeline thread is pinned to (empty: any).</summary>
    public int[] PipelineCpus { get; init; } = [];

    /// <summary>CPUs the acquisition thread is pinned to (empty: any).</summary>
    public int[] AcquisitionCpus { get; init; } = [];

    /// <summary>How long outputs may take to drain their queues at the end.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
