namespace NeuroRT.Dsp.Fitting;

/// <summary>
/// The spatial covariance of one epoch exactly as the online <c>covariance</c> stage computes it for a window (mean
/// removed, divided by N - 1, shrunk by <c>(1 - a) C + a (trace(C) / n) I</c>, sums in double), so a reference point
/// fitted offline lies where the online covariances will.
/// </summary>
public static class EpochCovariance
{
    /// <summary>
    /// Covariance of <paramref name="epoch"/> (samples x <paramref name="channels"/>, sample-major as pipeline windows
    /// are), row-major n x n.
    /// </summary>
    public static double[] Compute(ReadOnlySpan<float> epoch, int channels, double shrinkage = 0)
    {
        int n = channels;
        if (n < 1 || epoch.Length % n != 0) throw new ArgumentException($"an epoch of {epoch.Length} values is not whole samples of {n} channels", nameof(epoch));
        int length = epoch.Length / n;
        if (length < 2) throw new ArgumentException("an epoch needs at least 2 samples", nameof(epoch));
        if (!(shrinkage >= 0 && shrinkage <= 1)) throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "shrinkage must be between 0 and 1");
        var mean = new double[n];
        for (int t = 0; t < length; t++)
            for (int c = 0; c < n; c++) mean[c] += epoch[t * n + c];
        for (int c = 0; c < n; c++) mean[c] /= length;
        var sum = new double[n * n];
        for (int t = 0; t < length; t++)
        {
            var row = epoch.Slice(t * n, n);
            for (int i = 0; i < n; i++)
            {
                double di = row[i] - mean[i];
                for (int j = i; j < n; j++) sum[i * n + j] += di * (row[j] - mean[j]);
            }
        }

        double trace = 0;
        for (int i = 0; i < n; i++) trace += sum[i * n + i] / (length - 1);
        double target = shrinkage * trace / n;
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                result[i * n + j] = result[j * n + i] = (1 - shrinkage) * sum[i * n + j] / (length - 1) + (i == j ? target : 0);
        return result;
    }
}
