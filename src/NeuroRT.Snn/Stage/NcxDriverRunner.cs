using NeuroRT.Snn.Driver;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Snn.Stage;

/// <summary>
/// <see cref="INcxRunner"/> on the protocol driver (<see cref="NcxDriver"/>): the load goes through
/// <see cref="NcxDriver.Load"/> (optionally verified by reading the FF matrix back), each frame is one batch
/// <see cref="NcxDriver.Run(ReadOnlySpan{int}, ReadOnlySpan{int}, int, NcxRunResult)"/> (trailing dummy and filler
/// events are the driver's), and the raster is summed into spike counts and first-spike timesteps. With a flush, each
/// frame after the first is preceded by that many silent timesteps (spec §5.5: state leaks between runs), so frames
/// are independent samples. Allocation-free per run.
/// </summary>
public sealed class NcxDriverRunner : INcxRunner
{
    private readonly INcxLink _link;
    private readonly NcxDriver _driver;
    private readonly NcxRunResult _result;
    private readonly bool _verify;

    /// <summary>
    /// A runner on <paramref name="link"/> (owned) for runs of up to <paramref name="maxTimesteps"/> timesteps, with
    /// <paramref name="flushTimesteps"/> silent timesteps between runs (0: none).
    /// </summary>
    public NcxDriverRunner(INcxLink link, int maxTimesteps, bool verify, int flushTimesteps = 0)
    {
        _link = link;
        _driver = new NcxDriver(link, new NcxDriverOptions { FlushBetweenRuns = flushTimesteps });
        _result = new NcxRunResult(maxTimesteps + 1);
        _verify = verify;
    }

    /// <inheritdoc />
    public string Description => _link.Description;

    /// <summary>The driver (its state, fault and counters).</summary>
    public NcxDriver Driver => _driver;

    /// <inheritdoc />
    public void Load(NcxImage image) => _driver.Load(image, _verify);

    /// <inheritdoc />
    public void Run(ReadOnlySpan<int> timesteps, ReadOnlySpan<int> addresses, int timestepCount, Span<int> spikeCounts, Span<int> firstSpike)
    {
        _driver.Run(timesteps, addresses, timestepCount, _result);
        spikeCounts[..NcxLayout.Neurons].Clear();
        firstSpike[..NcxLayout.Neurons].Clear();
        int frames = Math.Min(_result.Timesteps, timestepCount);
        for (int t = 1; t <= frames; t++)
        {
            NcxSpikeFrame frame = _result.Frame(t);
            if (frame.Count == 0)
            {
                continue;
            }

            for (int k = 0; k < NcxLayout.Neurons; k++)
            {
                if (frame.Spiked(k))
                {
                    spikeCounts[k]++;
                    if (firstSpike[k] == 0)
                    {
                        firstSpike[k] = t;
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _link.Dispose();
}
