using NeuroRT.Core.Blocks;
using NeuroRT.Core.Outputs;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Sources;
using NeuroRT.Core.Time;

using NeuroRT.Core.Threading;

namespace NeuroRT.Core.Pipelines;

/// <summary>
/// Runs a <see cref="Pipeline"/> on a source: an acquisition thread fills the ring, one dedicated
/// pipeline thread takes whatever samples are there (up to the block size), runs every stage in
/// order on them synchronously and hands the frames of tapped nodes to the output ports.
/// The pipeline thread allocates nothing once warmed up; <see cref="AllocatedBytesAfterWarmup"/>
/// measures it with <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public sealed class PipelineRunner : IDisposable
{
    private readonly Pipeline _pipeline;
    private readonly ISampleSource _source;
    private readonly SampleRing _ring;
    private readonly SampleBlock _sourceBlock;
    private readonly CancellationTokenSource _cancel = new();
    private readonly bool _lossless;
    private Thread? _acquisition;
    private Thread? _worker;
    private readonly ManualResetEventSlim _finished = new(false);
    private bool _stopping;
    private volatile PipelineState _state = PipelineState.Ready;
    private Exception? _failure;

    private long _samplesIn;
    private long _blocks;
    private long _samplesLost;
    private long _gaps;
    private double _lastTimestamp = double.NaN;
    private long _allocatedAfterWarmup = -1;
    private int _gen0, _gen1, _gen2;
    private long _startTicks, _endTicks;

    /// <summary>Prepares a run of <paramref name="pipeline"/> fed by <paramref name="source"/> (already opened).</summary>
    public PipelineRunner(Pipeline pipeline, ISampleSource source)
    {
        _pipeline = pipeline;
        _source = source;
        _lossless = !source.IsRealTime;
        var format = pipeline.SourceFormat;
        int block = Math.Max(1, pipeline.Settings.MaxBlockSamples);
        double rate = format.IsIrregular ? 1000 : format.NominalRate;
        int capacity = (int)Math.Clamp(pipeline.Settings.RingSeconds * rate, 4.0 * block, 1 << 26);
        _ring = new SampleRing(format.ChannelCount, capacity, RingOverflow.DropOldest);
        _sourceBlock = new SampleBlock(format.ChannelCount, 1, block);
    }

    /// <summary>The pipeline being run.</summary>
    public Pipeline Pipeline => _pipeline;

    /// <summary>The ring between acquisition and pipeline.</summary>
    public SampleRing Ring => _ring;

    /// <summary>Where the run stands.</summary>
    public PipelineState State => _state;

    /// <summary>Why the run failed, when <see cref="State"/> is <see cref="PipelineState.Failed"/>.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Samples the pipeline thread took from the ring.</summary>
    public long SamplesIn => Volatile.Read(ref _samplesIn);

    /// <summary>Blocks processed.</summary>
    public long Blocks => Volatile.Read(ref _blocks);

    /// <summary>Samples missing from the running index between consecutive samples seen (lost upstream or in the ring).</summary>
    public long SamplesLost => Volatile.Read(ref _samplesLost);

    /// <summary>Number of distinct gaps in the running index.</summary>
    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>Source timestamp of the newest sample processed (seconds), NaN before the first.</summary>
    public double LastTimestamp => Volatile.Read(ref _lastTimestamp);

    /// <summary>Bytes allocated by the pipeline thread since the end of warm-up; -1 while warming up.</summary>
    public long AllocatedBytesAfterWarmup => Volatile.Read(ref _allocatedAfterWarmup);

    /// <summary>Garbage collections (gen 0, 1, 2) in the process since the end of warm-up.</summary>
    public (int Gen0, int Gen1, int Gen2) CollectionsAfterWarmup =>
        _allocatedAfterWarmup < 0 ? (0, 0, 0)
            : (GC.CollectionCount(0) - _gen0, GC.CollectionCount(1) - _gen1, GC.CollectionCount(2) - _gen2);

    /// <summary>Wall-clock seconds since start (until the end, once ended).</summary>
    public double ElapsedSeconds =>
        _startTicks == 0 ? 0 : LocalClock.ToSeconds((_endTicks != 0 ? _endTicks : LocalClock.Ticks) - _startTicks);

    /// <summary>Starts the output consumers, the pipeline thread and the acquisition thread.</summary>
    public void Start()
    {
        if (_state != PipelineState.Ready) throw new InvalidOperationException($"the pipeline was already started (state {_state})");
        _state = PipelineState.Running;
        _startTicks = LocalClock.Ticks;
        foreach (var port in _pipeline.PortArray) port.Start();
        _worker = new Thread(PipelineLoop) { Name = "neurort-pipeline", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _acquisition = new Thread(AcquisitionLoop) { Name = "neurort-acquisition", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _worker.Start();
        _acquisition.Start();
    }

    /// <summary>Waits for the run to end (source exhausted, stop or failure) and the outputs to drain.</summary>
    public bool Wait(TimeSpan timeout) => _finished.Wait(timeout);

    /// <summary>Waits for the end with no time limit.</summary>
    public void Wait() => _finished.Wait();

    /// <summary>Asks the run to stop: acquisition ends, queued outputs drain, then <see cref="Wait(TimeSpan)"/> returns.</summary>
    public void Stop()
    {
        if (_state is PipelineState.Running) _state = PipelineState.Stopping;
        Volatile.Write(ref _stopping, true);
        _cancel.Cancel();
    }

    /// <summary>What could not be applied of the settings' thread priority and CPU pinning (empty when all was).</summary>
    public IReadOnlyList<string> SchedulingWarnings
    {
        get { lock (_schedulingWarnings) return _schedulingWarnings.ToArray(); }
    }

    private readonly List<string> _schedulingWarnings = [];

    // Each thread applies its own priority and pinning, before its first sample.
    private void ApplyScheduling(string thread, int[] cpus)
    {
        var settings = _pipeline.Settings;
        string? priority = settings.ThreadPriority is int nice ? ThreadScheduling.TrySetNice(nice) : null;
        string? pinning = cpus.Length > 0 ? ThreadScheduling.TryPin(cpus) : null;
        lock (_schedulingWarnings)
        {
            if (priority is not null) _schedulingWarnings.Add($"{thread} thread: {priority}");
            if (pinning is not null) _schedulingWarnings.Add($"{thread} thread: {pinning}");
        }
    }

    private void AcquisitionLoop()
    {
        ApplyScheduling("acquisition", _pipeline.Settings.AcquisitionCpus);
        try
        {
            _source.Run(_ring, _cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(new PipelineRunException($"the source failed: {e.Message}", e));
        }
        finally
        {
            _ring.Complete();
        }
    }

    private void PipelineLoop()
    {
        ApplyScheduling("pipeline", _pipeline.Settings.PipelineCpus);
        try
        {
            RunCycles();
        }
        catch (Exception e)
        {
            Fail(e);
            _cancel.Cancel();
        }
        finally
        {
            Finish();
        }
    }

    private void RunCycles()
    {
        PipelineNode[] nodes = _pipeline.NodeArray;
        OutputPort[] ports = _pipeline.PortArray;
        SampleBlock input = _sourceBlock;
        int maxBlock = input.Capacity;
        int warmup = Math.Max(1, _pipeline.Settings.WarmupBlocks);
        long nextIndex = 0;
        long allocationBase = 0;
        while (!Volatile.Read(ref _stopping))
        {
            if (!_ring.WaitForData(100)) continue;
            int n = _ring.Read(input, maxBlock);
            if (n == 0)
            {
                if (_ring.IsDrained) break;
                continue;
            }

            Span<long> index = input.SampleIndex;
            long first = index[0], last = index[n - 1];
            if (first != nextIndex || last - first + 1 != n) CountGaps(index, nextIndex);
            nextIndex = last + 1;
            Volatile.Write(ref _samplesIn, _samplesIn + n);
            Volatile.Write(ref _lastTimestamp, input.Timestamps[n - 1]);

            for (int i = 0; i < nodes.Length; i++)
            {
                PipelineNode node = nodes[i];
                SampleBlock from = node.InputIndex < 0 ? input : nodes[node.InputIndex].Output;
                SampleBlock to = node.Output;
                to.Count = 0;
                if (from.Count == 0) continue;
                long t0 = LocalClock.Ticks;
                try
                {
                    node.Stage.Process(from, to);
                }
                catch (Exception e)
                {
                    throw new PipelineRunException($"stage '{node.Name}' failed on the block of samples {from.SampleIndex[0]}..{from.SampleIndex[from.Count - 1]}: {e.Message}", e);
                }
                node.ProcessTime.Record(LocalClock.ToNanoseconds(LocalClock.Ticks - t0));
                Volatile.Write(ref node._framesOut, node._framesOut + to.Count);
            }

            for (int p = 0; p < ports.Length; p++)
            {
                OutputPort port = ports[p];
                SampleBlock from = port.NodeIndex < 0 ? input : nodes[port.NodeIndex].Output;
                if (from.Count > 0) port.Publish(from, _lossless, ref _stopping);
            }

            long blocks = _blocks + 1;
            Volatile.Write(ref _blocks, blocks);
            if (blocks == warmup)
            {
                _gen0 = GC.CollectionCount(0);
                _gen1 = GC.CollectionCount(1);
                _gen2 = GC.CollectionCount(2);
                allocationBase = GC.GetAllocatedBytesForCurrentThread();
                Volatile.Write(ref _allocatedAfterWarmup, 0);
            }
            else if (blocks > warmup)
            {
                Volatile.Write(ref _allocatedAfterWarmup, GC.GetAllocatedBytesForCurrentThread() - allocationBase);
            }
        }
    }

    private void CountGaps(Span<long> index, long expected)
    {
        long lost = 0, gaps = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if (index[i] != expected)
            {
                lost += index[i] - expected;
                gaps++;
            }
            expected = index[i] + 1;
        }
        Volatile.Write(ref _samplesLost, _samplesLost + lost);
        Volatile.Write(ref _gaps, _gaps + gaps);
    }

    private void Finish()
    {
        _cancel.Cancel();
        _acquisition?.Join(TimeSpan.FromSeconds(5));
        OutputPort[] ports = _pipeline.PortArray;
        foreach (var port in ports) port.Complete();
        var deadline = _pipeline.Settings.DrainTimeout;
        foreach (var port in ports)
        {
            // A plugin stuck past its deadline has already been reported; waiting for it would only delay the end.
            if (port.Output is IDropOldestOutput { IsStuck: true }) continue;
            if (!port.WaitDrained(deadline))
                Fail(new PipelineRunException($"output '{port.Name}' did not finish within {deadline.TotalSeconds:0} s of the end; its queued frames were abandoned"));
        }
        foreach (var port in ports)
        {
            try
            {
                port.Output.Close();
            }
            catch (Exception e)
            {
                Fail(new PipelineRunException($"output '{port.Name}' failed to close: {e.Message}", e));
            }
        }
        _endTicks = LocalClock.Ticks;
        if (_state != PipelineState.Failed)
            _state = _state == PipelineState.Stopping ? PipelineState.Stopped : PipelineState.Completed;
        _finished.Set();
    }

    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        _state = PipelineState.Failed;
    }

    /// <summary>Stops if running, then returns the source block's storage and releases the wait handles (not the pipeline or the source).</summary>
    public void Dispose()
    {
        if (_state is PipelineState.Running or PipelineState.Stopping)
        {
            Stop();
            Wait(TimeSpan.FromSeconds(15));
        }
        _sourceBlock.Dispose();
        _cancel.Dispose();
        if (_finished.IsSet) _finished.Dispose(); // a run that did not end in time still needs it
    }
}
