namespace NeuroRT.Dsp.Features;

/// <summary>
/// The arithmetic of CSP features, shared by the online <c>csp</c> stage and the offline cross-validation so that
/// both compute the same numbers: each component's variance over a window and its log share of the total.
/// Allocation-free: the caller passes the scratch spans.
/// </summary>
internal static class CspKernel
{
    /// <summary>
    /// Features of one window (<paramref name="length"/> samples x <paramref name="width"/> channels, sample-major):
    /// <c>f_k = log((v_k + floor) / (sum_j v_j + K floor))</c>, v_k the variance (mean removed, / (N - 1)) of component
    /// <c>z_k = sum_c W[k, c] x[columns[c]]</c>. The mean of z is W times the mean of x, so two passes over x suffice.
    /// </summary>
    /// <remarks>
    /// <paramref name="filters"/> is row-major, one row of columns.Length weights per component; <paramref name="mean"/>
    /// and <paramref name="centred"/> are scratch of columns.Length values, <paramref name="variances"/> scratch of one
    /// value per component, <paramref name="output"/> receives one feature per component.
    /// </remarks>
    public static void Features(ReadOnlySpan<float> window, int length, int width, ReadOnlySpan<int> columns, ReadOnlySpan<double> filters,
        double floor, Span<double> mean, Span<double> centred, Span<double> variances, Span<float> output)
    {
        int cols = columns.Length, components = variances.Length;
        mean.Clear();
        for (int t = 0; t < length; t++)
        {
            var row = window.Slice(t * width, width);
            for (int c = 0; c < cols; c++) mean[c] += row[columns[c]];
        }
        for (int c = 0; c < cols; c++) mean[c] /= length;

        variances.Clear();
        for (int t = 0; t < length; t++)
        {
            var row = window.Slice(t * width, width);
            for (int c = 0; c < cols; c++) centred[c] = row[columns[c]] - mean[c];
            for (int k = 0; k < components; k++)
            {
                var weights = filters.Slice(k * cols, cols);
                double z = 0;
                for (int c = 0; c < cols; c++) z += weights[c] * centred[c];
                variances[k] += z * z;
            }
        }

        double total = 0;
        for (int k = 0; k < components; k++)
        {
            variances[k] = variances[k] / (length - 1) + floor;
            total += variances[k];
        }
        for (int k = 0; k < components; k++) output[k] = (float)Math.Log(variances[k] / total);
    }

    /// <summary>The components themselves, sample by sample: <c>z = W x</c> for <paramref name="samples"/> samples.</summary>
    public static void Signals(ReadOnlySpan<float> input, int samples, int width, ReadOnlySpan<int> columns, ReadOnlySpan<double> filters, int components, Span<float> output)
    {
        int cols = columns.Length;
        for (int s = 0; s < samples; s++)
        {
            var row = input.Slice(s * width, width);
            var to = output.Slice(s * components, components);
            for (int k = 0; k < components; k++)
            {
                var weights = filters.Slice(k * cols, cols);
                double z = 0;
                for (int c = 0; c < cols; c++) z += weights[c] * row[columns[c]];
                to[k] = (float)z;
            }
        }
    }
}
