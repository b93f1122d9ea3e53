using NeuroRT.Dsp.Features;

namespace NeuroRT.Dsp.Fitting;

/// <summary>Outcome of a cross-validation: epochs classified right, out of all, and the chance of doing that well by guessing.</summary>
/// <param name="Correct">Epochs whose class was predicted right.</param>
/// <param name="Total">Epochs classified.</param>
/// <param name="PValue">One-sided binomial probability of at least <paramref name="Correct"/> right out of <paramref name="Total"/> by coin toss (p = 0.5).</param>
public sealed record CrossValidationResult(int Correct, int Total, double PValue)
{
    /// <summary>Correct / Total.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>
/// Leave-one-out cross-validation of CSP + LDA (the standard two-class motor-imagery decoder; Blankertz et al. 2008):
/// for each epoch, CSP and a Fisher linear discriminant on the CSP features (<see cref="CspKernel"/>, as the online
/// stage computes them) are fitted on all the other epochs, then the held-out epoch is classified. Nothing of the
/// held-out epoch enters its own fit, so the accuracy estimates how the filters will do on new trials, unlike the
/// training-set separation, which CSP inflates on few trials.
/// </summary>
public static class CspCrossValidation
{
    /// <summary>Runs leave-one-out over the two classes' epochs (samples x <paramref name="channels"/> each, sample-major).</summary>
    public static CrossValidationResult LeaveOneOut(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, int channels, CspOptions options)
    {
        if (first.Count < 2 || second.Count < 2) throw new ArgumentException("cross-validation needs at least 2 epochs of each class");
        int correct = 0, total = first.Count + second.Count;
        for (int held = 0; held < total; held++)
        {
            bool heldIsFirst = held < first.Count;
            var a = heldIsFirst ? Without(first, held) : first;
            var b = heldIsFirst ? second : Without(second, held - first.Count);
            var fit = CommonSpatialPatterns.Fit(a, b, channels, options);
            var lda = Discriminant(Features(fit, a, channels), Features(fit, b, channels));
            var x = Features(fit, [heldIsFirst ? first[held] : second[held - first.Count]], channels)[0];
            double score = lda.Bias;
            for (int k = 0; k < x.Length; k++) score += lda.Weights[k] * x[k];
            if (score > 0 == heldIsFirst) correct++;
        }

        return new CrossValidationResult(correct, total, BinomialTail(correct, total));
    }

    /// <summary>CSP features of each epoch, as the online stage computes them.</summary>
    public static double[][] Features(CspFilters fit, IReadOnlyList<float[]> epochs, int channels)
    {
        int k = fit.Filters.Length;
        var filters = fit.Filters.SelectMany(r => r).ToArray();
        var columns = Enumerable.Range(0, channels).ToArray();
        var result = new double[epochs.Count][];
        var output = new float[k];
        for (int e = 0; e < epochs.Count; e++)
        {
            CspKernel.Features(epochs[e], epochs[e].Length / channels, channels, columns, filters, 1e-12, new double[channels], new double[channels], new double[k], output);
            result[e] = output.Select(v => (double)v).ToArray();
        }
        return result;
    }

    /// <summary>Fisher's discriminant: w = S^-1 (mu1 - mu2), bias at the midpoint; positive scores mean the first class.</summary>
    private static (double[] Weights, double Bias) Discriminant(double[][] a, double[][] b)
    {
        int d = a[0].Length;
        var mu1 = Mean(a, d);
        var mu2 = Mean(b, d);
        var scatter = new double[d * d];
        foreach (var (set, mu) in new[] { (a, mu1), (b, mu2) })
            foreach (var x in set)
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) scatter[i * d + j] += (x[i] - mu[i]) * (x[j] - mu[j]) / (a.Length + b.Length - 2);
        // A ridge of 1e-6 of the mean variance keeps the inverse defined when features are collinear on few trials.
        double ridge = 1e-6 * MatrixMath.Trace(scatter, d) / d + 1e-12;
        for (int i = 0; i < d; i++) scatter[i * d + i] += ridge;
        var inverse = MatrixMath.Apply(scatter, d, SymmetricEigen.Function.InverseSqrt);
        inverse = MatrixMath.Multiply(inverse, inverse, d);
        var weights = new double[d];
        double bias = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++) weights[i] += inverse[i * d + j] * (mu1[j] - mu2[j]);
            bias -= weights[i] * (mu1[i] + mu2[i]) / 2;
        }
        return (weights, bias);
    }

    private static double[] Mean(double[][] set, int d)
    {
        var mu = new double[d];
        foreach (var x in set)
            for (int i = 0; i < d; i++) mu[i] += x[i] / set.Length;
        return mu;
    }

    private static float[][] Without(IReadOnlyList<float[]> epochs, int index) =>
        epochs.Where((_, i) => i != index).ToArray();

    /// <summary>P(X >= k) for X ~ Binomial(n, 1/2), summed in log space (exact enough for any n here).</summary>
    public static double BinomialTail(int k, int n)
    {
        double p = 0;
        for (int i = k; i <= n; i++) p += Math.Exp(LogChoose(n, i) - n * Math.Log(2));
        return Math.Min(1, p);
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++) s += Math.Log(n - k + i) - Math.Log(i);
        return s;
    }
}
