namespace NeuroRT.Snn.Coding;

/// <summary>What a readout decides when the best classes tie (or nothing spiked).</summary>
public enum TieRule
{
    /// <summary>No class (-1): a tie is not a decision.</summary>
    None,

    /// <summary>The first of the tied classes in the configured order.</summary>
    First,
}

/// <summary>How spikes of the output groups become a class.</summary>
public enum ReadoutKind
{
    /// <summary>Most spikes over the run wins.</summary>
    Count,

    /// <summary>The group with the earliest spike wins.</summary>
    FirstSpike,
}

/// <summary>
/// Turns one run's output spikes into class scores and a class. Each class owns a group of logical neurons.
/// <list type="bullet">
/// <item><b>count</b>: score_c = spikes of group c over the run; class = argmax; confidence (the emitted value) =
/// score_c / Σ scores (all 0 when nothing spiked).</item>
/// <item><b>first-spike</b>: t_c = earliest timestep (1…T) in which any neuron of group c spiked; class = the smallest
/// t_c; score_c = T + 1 − t_c (0 if group c never spiked), emitted normalised to sum 1.</item>
/// </list>
/// Ties between the best classes, and runs without any output spike, follow <see cref="TieRule"/>: None gives class
/// -1, First the first tied class in group order (class 0 when nothing spiked). No allocation per run.
/// </summary>
public sealed class SpikeReadout
{
    private readonly int[][] _groups;
    private readonly int[] _score;

    /// <summary>A readout of <paramref name="groups"/> (logical neuron indices per class).</summary>
    public SpikeReadout(ReadoutKind kind, int[][] groups, TieRule ties, int timesteps)
    {
        if (groups.Length < 2)
        {
            throw new ArgumentException($"a readout needs at least two groups (classes), got {groups.Length}");
        }

        foreach (int[] g in groups)
        {
            if (g.Length == 0)
            {
                throw new ArgumentException("every readout group needs at least one neuron");
            }
        }

        Kind = kind;
        Ties = ties;
        Timesteps = timesteps;
        _groups = groups;
        _score = new int[groups.Length];
    }

    /// <summary>Count or first-spike.</summary>
    public ReadoutKind Kind { get; }

    /// <summary>Tie rule.</summary>
    public TieRule Ties { get; }

    /// <summary>T of a run.</summary>
    public int Timesteps { get; }

    /// <summary>Classes.</summary>
    public int Classes => _groups.Length;

    /// <summary>The integer score of each class from the last <see cref="Read"/>.</summary>
    public ReadOnlySpan<int> Scores => _score;

    /// <summary>
    /// Reads one run: <paramref name="spikeCounts"/> and <paramref name="firstSpike"/> (1-based timestep, 0 = never)
    /// per logical neuron. Writes the normalised scores into <paramref name="confidence"/> (one per class) and returns the
    /// class, or -1.
    /// </summary>
    public int Read(ReadOnlySpan<int> spikeCounts, ReadOnlySpan<int> firstSpike, Span<float> confidence)
    {
        long total = 0;
        for (int c = 0; c < _groups.Length; c++)
        {
            int s = 0;
            if (Kind == ReadoutKind.Count)
            {
                foreach (int k in _groups[c])
                {
                    s += spikeCounts[k];
                }
            }
            else
            {
                int first = 0;
                foreach (int k in _groups[c])
                {
                    int t = firstSpike[k];
                    if (t > 0 && (first == 0 || t < first))
                    {
                        first = t;
                    }
                }

                s = first == 0 ? 0 : Timesteps + 1 - first;
            }

            _score[c] = s;
            total += s;
        }

        int best = 0;
        bool tie = false;
        for (int c = 1; c < _score.Length; c++)
        {
            if (_score[c] > _score[best])
            {
                best = c;
                tie = false;
            }
            else if (_score[c] == _score[best])
            {
                tie = true;
            }
        }

        for (int c = 0; c < _score.Length; c++)
        {
            confidence[c] = total == 0 ? 0f : (float)((double)_score[c] / total);
        }

        if (total == 0 || tie)
        {
            return Ties == TieRule.First ? best : -1;
        }

        return best;
    }
}
