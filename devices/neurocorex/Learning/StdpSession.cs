using NeuroRT.Snn.Driver;
using NeuroRT.Snn.Link;
using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Devices.NeuroCoreX.Learning;

/// <summary>One pairing run of a session: inputs (timestep ≥ 1, address) and the run's length in timesteps.</summary>
public sealed record StdpRun(int[] Timesteps, int[] Addresses, int TimestepCount);

/// <summary>One weight the session changed: where it is in the board's matrix, before, as the model predicts it, and (FF only) as read back.</summary>
public sealed record StdpWeightChange(string Matrix, int Row, int Column, int Before, int Predicted, int? ReadBack)
{
    /// <summary>Whether the board's read-back agrees with the model (always true for AA, which cannot be read back).</summary>
    public bool Agrees => ReadBack is null || ReadBack == Predicted;
}

/// <summary>
/// What an on-board learning session did: the FF and AA weights that changed, and how many read-back FF entries
/// differ from the model's prediction (changed or not).
/// </summary>
public sealed record StdpSessionResult(
    string Device,
    int Runs,
    int Spikes,
    IReadOnlyList<StdpWeightChange> FfChanges,
    IReadOnlyList<StdpWeightChange> AaChanges,
    int FfDisagreements);

/// <summary>
/// An STDP session on the board: load the network (verified by read-back), run the pairing stimuli, read the FF
/// matrix back, and compare every FF weight with what the bit-exact model predicts for the same bytes. The board
/// cannot read its AA matrix back (the read-back returns FF, spec §4.5), so AA changes are the model's prediction
/// only. Known ways the chip departs from the model: the no-spike pass drift of spec §8.3 under sparse activity
/// (potentiations the model predicts can be missing) and the FF STDP addressing bugs of §8.2, which the model
/// reproduces (FF LTP writes the transposed element, FF LTD writes row 3).
/// </summary>
public static class StdpSession
{
    /// <summary>Runs the session on <paramref name="device"/> and, in step, on a fresh in-process model.</summary>
    public static StdpSessionResult Run(NcxImage image, IReadOnlyList<StdpRun> runs, INcxLink device, TextWriter? progress = null)
    {
        if (!image.HasStdpEnables)
        {
            throw new ArgumentException("the network enables no STDP synapse (no stdp: section): nothing can learn", nameof(image));
        }

        var model = new NcxBoard();
        var modelDriver = new NcxDriver(new BoardLink(model));
        var boardDriver = new NcxDriver(device);
        var ffBefore = (sbyte[])image.Ff.Clone();
        var aaBefore = (sbyte[])image.Aa.Clone();

        progress?.WriteLine($"loading the network on {device.Description} (with FF read-back verification)");
        boardDriver.Load(image, verify: true);
        modelDriver.Load(image, verify: true); // the same bytes, read-back included, so both see the same history

        int longest = 1;
        foreach (StdpRun r in runs)
        {
            longest = Math.Max(longest, r.TimestepCount + r.Timesteps.Length + 1);
        }

        var onBoard = new NcxRunResult(longest);
        var onModel = new NcxRunResult(longest);
        int spikes = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            StdpRun r = runs[i];
            boardDriver.Run(r.Timesteps, r.Addresses, r.TimestepCount, onBoard);
            modelDriver.Run(r.Timesteps, r.Addresses, r.TimestepCount, onModel);
            spikes += onBoard.SpikeCount;
            string differs = onBoard.SpikeCount == onModel.SpikeCount ? "" : $" (the model predicted {onModel.SpikeCount})";
            progress?.WriteLine($"run {i + 1}/{runs.Count}: {r.Addresses.Length} inputs over {onBoard.Timesteps} timesteps, {onBoard.SpikeCount} spikes{differs}");
        }

        var readBack = new sbyte[NcxLayout.ReadBackBytes];
        progress?.WriteLine("reading the FF matrix back (about 0.2 s)");
        boardDriver.ReadBack(readBack);
        modelDriver.ReadBack(new sbyte[NcxLayout.ReadBackBytes]);

        var ff = new List<StdpWeightChange>();
        int disagreements = 0;
        for (int i = 0; i < NcxLayout.MatrixEntries; i++)
        {
            int predicted = model.Ff[i];
            int? read = i < NcxLayout.ReadBackBytes ? readBack[i] : null; // FF[95][95] never arrives (§4.5)
            if (read is { } v && v != predicted)
            {
                disagreements++;
            }

            if (predicted != ffBefore[i] || (read is { } w && w != ffBefore[i]))
            {
                ff.Add(new StdpWeightChange("FF", i / NcxLayout.Size, i % NcxLayout.Size, ffBefore[i], predicted, read));
            }
        }

        var aa = new List<StdpWeightChange>();
        for (int i = 0; i < NcxLayout.MatrixEntries; i++)
        {
            if (model.Aa[i] != aaBefore[i])
            {
                aa.Add(new StdpWeightChange("AA", i / NcxLayout.Size, i % NcxLayout.Size, aaBefore[i], model.Aa[i], null));
            }
        }

        return new StdpSessionResult(device.Description, runs.Count, spikes, ff, aa, disagreements);
    }

    /// <summary>
    /// What a physical matrix position means for the network (rows k+6 are neuron k; FF columns are input addresses,
    /// AA columns k+5), with the names the caller gives for neuron indices and input addresses (null: by number).
    /// </summary>
    public static string Meaning(StdpWeightChange change, Func<int, string?> neuronName, Func<int, string?> inputName)
    {
        int neuron = change.Row - 6;
        string to = neuron is >= 0 and < NcxLayout.Neurons ? neuronName(neuron) ?? $"neuron {neuron}" : $"row {change.Row}: no neuron";
        if (change.Matrix == "FF")
        {
            return $"{inputName(change.Column) ?? $"input {change.Column}"} -> {to}";
        }

        int pre = change.Column - 5;
        string from = pre is >= 0 and < NcxLayout.Neurons ? neuronName(pre) ?? $"neuron {pre}" : $"column {change.Column}: no neuron";
        return $"{from} -> {to}";
    }
}
