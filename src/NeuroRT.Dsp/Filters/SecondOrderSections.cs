namespace NeuroRT.Dsp.Filters;

/// <summary>A cascade of biquads, each <c>[b0, b1, b2, 1, a1, a2]</c> (SciPy's sos layout), in double precision.</summary>
public sealed class SecondOrderSections
{
    /// <summary>Wraps sections (each row of 6, a0 normalised to 1).</summary>
    public SecondOrderSections(double[][] sections)
    {
        if (sections.Length == 0) throw new ArgumentException("a cascade needs at least one section", nameof(sections));
        Rows = new double[sections.Length][];
        for (int i = 0; i < sections.Length; i++)
        {
            var row = sections[i];
            if (row.Length != 6) throw new ArgumentException($"section {i} has {row.Length} coefficients, expected 6", nameof(sections));
            if (row[3] == 0) throw new ArgumentException($"section {i} has a0 = 0", nameof(sections));
            // Normalise a0 to 1 (it already is for every design here).
            double a0 = row[3];
            Rows[i] = [row[0] / a0, row[1] / a0, row[2] / a0, 1, row[4] / a0, row[5] / a0];
        }
    }

    /// <summary>The sections.</summary>
    public double[][] Rows { get; }

    /// <summary>Number of sections.</summary>
    public int Count => Rows.Length;
}
