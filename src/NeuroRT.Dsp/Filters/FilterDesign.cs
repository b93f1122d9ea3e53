namespace NeuroRT.Dsp.Filters;

/// <summary>IIR filter families.</summary>
public enum FilterFamily
{
    /// <summary>Maximally flat pass band.</summary>
    Butterworth,
    /// <summary>Equiripple pass band (ripple in dB), steeper roll-off.</summary>
    ChebyshevI,
    /// <summary>Flat pass band, equiripple stop band (attenuation in dB).</summary>
    ChebyshevII,
}

/// <summary>Band types.</summary>
public enum BandType
{
    /// <summary>Keeps frequencies below the cut-off.</summary>
    LowPass,
    /// <summary>Keeps frequencies above the cut-off.</summary>
    HighPass,
    /// <summary>Keeps frequencies between the two edges.</summary>
    BandPass,
    /// <summary>Removes frequencies between the two edges.</summary>
    BandStop,
}

/// <summary>A request the design cannot honour; <see cref="Parameter"/> names the offending input.</summary>
public sealed class FilterDesignException(string parameter, string message) : ArgumentException(message)
{
    /// <summary>The parameter at fault (order, frequency, low, high, ripple, attenuation, q).</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>
/// Digital IIR design as SciPy does it (<c>butter</c>, <c>cheby1</c>, <c>cheby2</c> with <c>output='sos'</c>, and
/// <c>iirnotch</c>): analog prototype, frequency transform at pre-warped edges, bilinear transform, sections by
/// nearest pairing. Frequencies in Hz at sampling rate <c>fs</c>.
/// </summary>
public static class FilterDesign
{
    /// <summary>Designs a filter of <paramref name="order"/> (the prototype's; band-pass/stop filters have twice as many poles).</summary>
    public static SecondOrderSections Design(FilterFamily family, BandType band, int order, ReadOnlySpan<double> frequencies, double fs,
        double rippleDb = 1, double attenuationDb = 40)
    {
        if (!(fs > 0) || double.IsInfinity(fs)) throw new FilterDesignException("fs", $"sampling rate must be positive, got {fs} Hz");
        if (order < 1) throw new FilterDesignException("order", $"order must be at least 1, got {order}");
        if (order > 64) throw new FilterDesignException("order", $"order {order} is beyond what double precision designs reliably (at most 64)");
        bool twoEdges = band is BandType.BandPass or BandType.BandStop;
        if (frequencies.Length != (twoEdges ? 2 : 1))
            throw new FilterDesignException("frequency", twoEdges ? "a band-pass or band-stop filter needs two edges (low, high)" : "a low-pass or high-pass filter needs one cut-off");
        double nyquist = fs / 2;
        var normalized = new double[frequencies.Length];
        for (int i = 0; i < frequencies.Length; i++)
        {
            string name = !twoEdges ? "frequency" : i == 0 ? "low" : "high";
            if (!(frequencies[i] > 0)) throw new FilterDesignException(name, $"{name} must be above 0 Hz, got {frequencies[i]} Hz");
            if (frequencies[i] >= nyquist) throw new FilterDesignException(name, $"{name} {frequencies[i]} Hz must be below Nyquist ({nyquist} Hz at {fs} Hz sampling)");
            normalized[i] = 2 * frequencies[i] / fs;
        }

        if (twoEdges && !(frequencies[0] < frequencies[1])) throw new FilterDesignException("low", $"low edge {frequencies[0]} Hz must be below the high edge {frequencies[1]} Hz");
        if (family == FilterFamily.ChebyshevI && !(rippleDb > 0)) throw new FilterDesignException("ripple", $"pass-band ripple must be above 0 dB, got {rippleDb}");
        if (family == FilterFamily.ChebyshevII && !(attenuationDb > 0)) throw new FilterDesignException("attenuation", $"stop-band attenuation must be above 0 dB, got {attenuationDb}");

        var prototype = family switch
        {
            FilterFamily.Butterworth => AnalogPrototypes.Butterworth(order),
            FilterFamily.ChebyshevI => AnalogPrototypes.ChebyshevI(order, rippleDb),
            _ => AnalogPrototypes.ChebyshevII(order, attenuationDb),
        };

        // Pre-warp for the bilinear transform at fs = 2 (SciPy's normalisation).
        const double designFs = 2.0;
        var warped = new double[normalized.Length];
        for (int i = 0; i < warped.Length; i++) warped[i] = 2 * designFs * Math.Tan(Math.PI * normalized[i] / designFs);
        var analog = band switch
        {
            BandType.LowPass => ZpkTransforms.LowPass(prototype, warped[0]),
            BandType.HighPass => ZpkTransforms.HighPass(prototype, warped[0]),
            BandType.BandPass => ZpkTransforms.BandPass(prototype, Math.Sqrt(warped[0] * warped[1]), warped[1] - warped[0]),
            _ => ZpkTransforms.BandStop(prototype, Math.Sqrt(warped[0] * warped[1]), warped[1] - warped[0]),
        };
        return new SecondOrderSections(ZpkToSos.Convert(ZpkTransforms.Bilinear(analog, designFs)));
    }

    /// <summary>A second-order IIR notch at <paramref name="frequency"/> Hz with quality factor <paramref name="q"/> (as SciPy's iirnotch).</summary>
    public static SecondOrderSections Notch(double frequency, double q, double fs)
    {
        if (!(fs > 0)) throw new FilterDesignException("fs", $"sampling rate must be positive, got {fs} Hz");
        if (!(frequency > 0) || frequency >= fs / 2) throw new FilterDesignException("frequency", $"notch frequency {frequency} Hz must be above 0 and below Nyquist ({fs / 2} Hz)");
        if (!(q > 0)) throw new FilterDesignException("q", $"quality factor must be positive, got {q}");
        double w0 = 2 * frequency / fs;
        double bw = w0 / q * Math.PI;
        w0 *= Math.PI;
        double gb = 1 / Math.Sqrt(2);
        double beta = Math.Sqrt(1.0 - gb * gb) / gb * Math.Tan(bw / 2.0);
        double gain = 1.0 / (1.0 + beta);
        return new SecondOrderSections([[gain, gain * -2.0 * Math.Cos(w0), gain, 1.0, -2.0 * gain * Math.Cos(w0), 2.0 * gain - 1.0]]);
    }
}
