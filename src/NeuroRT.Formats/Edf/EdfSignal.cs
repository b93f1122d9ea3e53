namespace NeuroRT.Formats.Edf;

/// <summary>
/// The header of one signal of an EDF / EDF+ / BDF / BDF+ file. Text fields are ASCII with trailing spaces trimmed
/// (nothing else: labels such as "C3.." keep their dots).
/// </summary>
/// <param name="Index">Position of the signal in the header, 0-based; the index to pass to the read methods of <see cref="EdfFile"/>.</param>
/// <param name="Label">Signal label (16-byte header field), trailing spaces trimmed.</param>
/// <param name="TransducerType">Transducer type (80-byte header field), e.g. "AgAgCl electrode".</param>
/// <param name="PhysicalDimension">Physical unit (8-byte header field), e.g. "uV".</param>
/// <param name="PhysicalMinimum">Physical value that <paramref name="DigitalMinimum"/> maps to, in <paramref name="PhysicalDimension"/>.</param>
/// <param name="PhysicalMaximum">Physical value that <paramref name="DigitalMaximum"/> maps to, in <paramref name="PhysicalDimension"/>.</param>
/// <param name="DigitalMinimum">Smallest digital value the recorder can write (EDF: &gt;= -32768; BDF: &gt;= -8388608).</param>
/// <param name="DigitalMaximum">Largest digital value the recorder can write (EDF: &lt;= 32767; BDF: &lt;= 8388607).</param>
/// <param name="Prefiltering">Prefiltering (80-byte header field), e.g. "HP:0.1Hz LP:75Hz".</param>
/// <param name="SamplesPerRecord">Number of samples of this signal in each data record.</param>
/// <param name="SampleRate">Samples per second: <paramref name="SamplesPerRecord"/> / record duration (0 when the record duration is 0).</param>
/// <param name="IsAnnotation">True for an "EDF Annotations" / "BDF Annotations" signal, whose bytes are TAL text, not samples.</param>
public sealed record EdfSignal(
    int Index,
    string Label,
    string TransducerType,
    string PhysicalDimension,
    double PhysicalMinimum,
    double PhysicalMaximum,
    int DigitalMinimum,
    int DigitalMaximum,
    string Prefiltering,
    int SamplesPerRecord,
    double SampleRate,
    bool IsAnnotation)
{
    /// <summary>
    /// Physical units per digital step: (PhysicalMaximum - PhysicalMinimum) / (DigitalMaximum - DigitalMinimum), in double.
    /// physical = digital * <see cref="Gain"/> + <see cref="Offset"/>. Negative when the physical range is inverted (allowed by the spec).
    /// </summary>
    public double Gain => (PhysicalMaximum - PhysicalMinimum) / ((double)DigitalMaximum - DigitalMinimum);

    /// <summary>Physical value of digital 0: PhysicalMaximum - Gain * DigitalMaximum, in double.</summary>
    public double Offset => PhysicalMaximum - Gain * DigitalMaximum;
}
