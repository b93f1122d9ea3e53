namespace NeuroRT.Dsp.Fitting;

/// <summary>How each class's mean covariance is formed from its epochs' covariances.</summary>
public enum CspNormalisation
{
    /// <summary>
    /// Classic CSP (Ramoser, Müller-Gerking &amp; Pfurtscheller 2000, IEEE Trans. Rehab. Eng. 8:441): each epoch's
    /// covariance divided by its trace before averaging, so every trial weighs the same whatever its amplitude (one
    /// loud, artefact-laden trial does not dominate its class).
    /// </summary>
    EpochTrace,

    /// <summary>The plain average of the epochs' covariances, as MNE's <c>CSP(cov_est='epoch')</c>.</summary>
    None,
}

/// <summary>Settings of <see cref="CommonSpatialPatterns.Fit"/>.</summary>
public sealed record CspOptions
{
    /// <summary>Filters taken from each end of the eigenvalue spectrum (m): 2m filters in all.</summary>
    public int FiltersPerClass { get; init; } = 2;

    /// <summary>How epochs are combined into each class's covariance.</summary>
    public CspNormalisation Normalisation { get; init; } = CspNormalisation.EpochTrace;
}

/// <summary>Fitted CSP filters: rows over the input channels, in descending eigenvalue order.</summary>
/// <param name="Filters">2m rows of n weights: the m filters of largest eigenvalue (variance high in the first class) then the m of smallest.</param>
/// <param name="Patterns">The matching spatial patterns (columns of the inverse of the full filter matrix), one row per filter: how each component appears on the channels.</param>
/// <param name="Eigenvalues">The picked filters' eigenvalues: the first class's share of the component's variance, w' C1 w / w' (C1 + C2) w, in [0, 1].</param>
/// <param name="AllEigenvalues">All n eigenvalues, descending.</param>
public sealed record CspFilters(double[][] Filters, double[][] Patterns, double[] Eigenvalues, double[] AllEigenvalues);

/// <summary>
/// Common spatial patterns for two classes (Koles 1991; Ramoser et al. 2000; Blankertz et al. 2008, IEEE Signal
/// Process. Mag. 25:41): the spatial filters w that maximise the variance of one class relative to the other, the
/// solutions of <c>C1 w = λ (C1 + C2) w</c>. Offline code: it allocates and may take a moment on many channels.
/// </summary>
/// <remarks>
/// Each class covariance is the mean of its epochs' covariances (mean removed, / (N - 1)), each first divided by its
/// trace under <see cref="CspNormalisation.EpochTrace"/>, and then the class mean divided by its trace (MNE's
/// <c>norm_trace=True</c>; it changes only the eigenvalues, not the filters, and makes them comparable across fits).
/// The generalised problem is solved by whitening: with <c>C1 + C2 = U D U'</c> and <c>P = D^-1/2 U'</c>,
/// <c>P C1 P' = V Λ V'</c>, the filters are the rows of <c>V' P</c>, scaled as SciPy's <c>eigh(C1, C1 + C2)</c>
/// scales them (<c>w' (C1 + C2) w = 1</c>), and the patterns the columns of its inverse <c>U D^1/2 V</c>. An
/// eigenvector's sign is arbitrary; each filter is signed so that its largest-magnitude weight is positive, its pattern alike.
/// </remarks>
public static class CommonSpatialPatterns
{
    /// <summary>
    /// Fits CSP on the epochs of two classes, each epoch samples x <paramref name="channels"/>, sample-major (as
    /// pipeline windows are). Throws <see cref="ArgumentException"/> saying what is wrong with the data.
    /// </summary>
    public static CspFilters Fit(IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, int channels, CspOptions? options = null)
    {
        options ??= new CspOptions();
        int n = channels;
        int m = options.FiltersPerClass;
        if (n < 2) throw new ArgumentException($"CSP needs at least 2 channels, got {n}", nameof(channels));
        if (m < 1 || 2 * m > n) throw new ArgumentException($"cannot take {m} filters from each end of {n} channels' eigenvalues: choose 1 to {n / 2}", nameof(options));
        var c1 = ClassCovariance(first, n, options.Normalisation, "first");
        var c2 = ClassCovariance(second, n, options.Normalisation, "second");
        var composite = new double[n * n];
        for (int i = 0; i < composite.Length; i++) composite[i] = c1[i] + c2[i];

        var eigen = new Features.SymmetricEigen(n);
        eigen.Decompose(composite);
        double largest = eigen.Values.Max(), smallest = eigen.Values.Min();
        if (!(smallest > 1e-12 * largest))
            throw new ArgumentException($"the two classes' covariances together do not span the {n} channels (eigenvalues {smallest:G3} to {largest:G3}): " +
                                        "a channel is flat, or a copy or combination of others (a common average reference removes one dimension); fit on fewer channels");

        // Whitening P = D^-1/2 U' (row k = u_k' / sqrt(d_k)).
        var whitening = new double[n * n];
        var colouring = new double[n * n]; // U D^1/2, its inverse, for the patterns
        for (int k = 0; k < n; k++)
            for (int i = 0; i < n; i++)
            {
                double u = eigen.Vectors[i * n + k];
                whitening[k * n + i] = u / Math.Sqrt(eigen.Values[k]);
                colouring[i * n + k] = u * Math.Sqrt(eigen.Values[k]);
            }

        var s = MatrixMath.Multiply(MatrixMath.Multiply(whitening, c1, n), Transpose(whitening, n), n);
        MatrixMath.Symmetrize(s, n);
        eigen.Decompose(s);
        var order = Enumerable.Range(0, n).OrderByDescending(k => eigen.Values[k]).ToArray();
        var filters = new double[n][];
        var patterns = new double[n][];
        var values = new double[n];
        for (int r = 0; r < n; r++)
        {
            int k = order[r];
            values[r] = eigen.Values[k];
            filters[r] = new double[n];
            patterns[r] = new double[n];
            for (int c = 0; c < n; c++)
            {
                double w = 0, a = 0;
                for (int j = 0; j < n; j++)
                {
                    w += eigen.Vectors[j * n + k] * whitening[j * n + c];
                    a += colouring[c * n + j] * eigen.Vectors[j * n + k];
                }
                filters[r][c] = w;
                patterns[r][c] = a;
            }

            int peak = 0;
            for (int c = 1; c < n; c++) if (Math.Abs(filters[r][c]) > Math.Abs(filters[r][peak])) peak = c;
            if (filters[r][peak] < 0)
                for (int c = 0; c < n; c++)
                {
                    filters[r][c] = -filters[r][c];
                    patterns[r][c] = -patterns[r][c];
                }
        }

        var picked = Enumerable.Range(0, m).Concat(Enumerable.Range(n - m, m)).ToArray();
        return new CspFilters(picked.Select(r => filters[r]).ToArray(), picked.Select(r => patterns[r]).ToArray(), picked.Select(r => values[r]).ToArray(), values);
    }

    private static double[] ClassCovariance(IReadOnlyList<float[]> epochs, int n, CspNormalisation normalisation, string which)
    {
        if (epochs.Count == 0) throw new ArgumentException($"the {which} class has no epochs");
        var mean = new double[n * n];
        for (int e = 0; e < epochs.Count; e++)
        {
            if (epochs[e].Length % n != 0 || epochs[e].Length < 2 * n)
                throw new ArgumentException($"epoch {e + 1} of the {which} class holds {epochs[e].Length} values: not at least 2 whole samples of {n} channels");
            var c = EpochCovariance.Compute(epochs[e], n);
            double scale = 1;
            if (normalisation == CspNormalisation.EpochTrace)
            {
                double trace = MatrixMath.Trace(c, n);
                if (!(trace > 0)) throw new ArgumentException($"epoch {e + 1} of the {which} class is flat (zero variance on every channel)");
                scale = 1 / trace;
            }
            for (int i = 0; i < mean.Length; i++) mean[i] += c[i] * scale;
        }

        double total = MatrixMath.Trace(mean, n);
        if (!(total > 0)) throw new ArgumentException($"the {which} class's epochs are all flat (zero variance on every channel)");
        for (int i = 0; i < mean.Length; i++) mean[i] /= total;
        return mean;
    }

    private static double[] Transpose(ReadOnlySpan<double> m, int n)
    {
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) t[j * n + i] = m[i * n + j];
        return t;
    }
}
