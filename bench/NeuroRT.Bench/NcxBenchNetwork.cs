using NeuroRT.Snn.NeuroCoreX;

namespace NeuroRT.Bench;

/// <summary>
/// The network both NeuroCoreX benchmarks run: all 90 neurons, inputs 1…8 with an FF column that is non-zero in every
/// neuron row (dense input: each consumed event drives all 90 neurons), sparse random recurrent weights, thresholds and
/// a leak that keep the network busy without saturating it. Input address 0 stays silent (the driver's filler).
/// </summary>
internal static class NcxBenchNetwork
{
    public const int Inputs = 8;

    public static NcxImage Dense(int seed)
    {
        var random = new Random(seed);
        var image = new NcxImage();
        image.Parameters.FillThresholds(131071);
        for (int k = 0; k < NcxLayout.Neurons; k++)
        {
            int row = NcxLayout.Row(k);
            for (int a = 1; a <= Inputs; a++)
            {
                int w = random.Next(5, 60);
                image.Ff[NcxLayout.Flat(row, a)] = (sbyte)(random.Next(4) == 0 ? -w : w);
            }

            for (int pre = 0; pre < NcxLayout.Neurons; pre++)
            {
                if (pre != k && random.Next(10) == 0)
                {
                    image.Aa[NcxLayout.Flat(row, NcxLayout.AaColumn(pre))] = (sbyte)random.Next(-20, 21);
                }
            }

            image.Parameters.Threshold(NcxLayout.Slot(k)) = random.Next(40, 120) * NcxLayout.One;
            image.Parameters.Refractory(NcxLayout.Slot(k)) = random.Next(0, 4);
        }

        image.Parameters.Gain = 1;
        image.Parameters.Leak = NcxLayout.One;
        return image;
    }

    /// <summary>Input of timestep t: 1…8, or −1 (none) with probability 1 − rate.</summary>
    public static int[] InputPattern(int timesteps, double rate, int seed)
    {
        var random = new Random(seed);
        var inputs = new int[timesteps];
        for (int t = 0; t < timesteps; t++)
        {
            inputs[t] = random.NextDouble() < rate ? random.Next(1, Inputs + 1) : -1;
        }

        return inputs;
    }
}
