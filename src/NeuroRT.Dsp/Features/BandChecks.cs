using NeuroRT.Core.Stages;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Features;

/// <summary>The checks and designs shared by the stages that take a <c>bands</c> list: one message per fault, naming the parameter.</summary>
internal static class BandChecks
{
    /// <summary>
    /// Checks every band is <c>[low, high]</c> with <c>0 &lt;= low &lt; high &lt;= Nyquist</c>, or, for
    /// <paramref name="filtered"/> bands (a band-pass must be designed), <c>0 &lt; low &lt; high &lt; Nyquist</c>.
    /// </summary>
    public static void Validate(double[][] bands, double fs, bool filtered)
    {
        if (bands.Length == 0) throw new StageConfigurationException("bands", "give at least one band such as [8, 12]");
        double nyquist = fs / 2;
        for (int b = 0; b < bands.Length; b++)
        {
            var band = bands[b];
            if (band.Length != 2) throw new StageConfigurationException("bands", $"band {b + 1} must be two numbers [low, high] in Hz, got {band.Length}");
            double low = band[0], high = band[1];
            if (filtered ? !(low > 0) : !(low >= 0))
                throw new StageConfigurationException("bands", $"band {b + 1} ({low}-{high} Hz): low must be {(filtered ? "above" : "at least")} 0 Hz{(filtered ? " (the band-pass needs a lower edge)" : "")}");
            if (!(high > low)) throw new StageConfigurationException("bands", $"band {b + 1} ({low}-{high} Hz): low must be below high");
            if (filtered ? high >= nyquist : high > nyquist)
                throw new StageConfigurationException("bands", $"band {b + 1} ({low}-{high} Hz) reaches {(filtered ? "or passes " : "past ")}Nyquist ({nyquist} Hz at {fs} Hz sampling); keep high {(filtered ? "below" : "at most")} {nyquist} Hz");
        }
    }

    /// <summary>
    /// The Butterworth band-pass of <paramref name="order"/> and the Hilbert transformer length of each band
    /// (<paramref name="taps"/>, or <see cref="HilbertDesign.TapsFor"/> when 0), for a filter-Hilbert envelope.
    /// </summary>
    public static (SecondOrderSections[] Sections, int[] Taps) DesignHilbert(double[][] bands, int order, int taps, double fs)
    {
        Validate(bands, fs, filtered: true);
        if (taps != 0 && (taps < 3 || taps % 2 == 0 || taps > HilbertDesign.MaxTaps))
            throw new StageConfigurationException("taps", $"taps must be odd, from 3 to {HilbertDesign.MaxTaps} (or 0 for the length each band needs), got {taps}");
        var sections = new SecondOrderSections[bands.Length];
        var lengths = new int[bands.Length];
        for (int b = 0; b < bands.Length; b++)
        {
            try
            {
                sections[b] = FilterDesign.Design(FilterFamily.Butterworth, BandType.BandPass, order, bands[b], fs);
                lengths[b] = taps != 0 ? taps : HilbertDesign.TapsFor(bands[b][0], bands[b][1], fs);
            }
            catch (FilterDesignException e)
            {
                throw new StageConfigurationException(e.Parameter == "order" ? "order" : "bands", $"band {b + 1}: {e.Message}");
            }
        }

        return (sections, lengths);
    }
}
