namespace NeuroRT.Formats.Xdf;

/// <summary>
/// One stream of an XDF file: its header facts, every sample read, the time stamps (as recorded and synchronised to
/// the recorder's clock), the clock offsets and the fit applied to them.
/// </summary>
public sealed class XdfStream
{
    internal XdfStream(
        uint id, XdfStreamInfo info, int sampleCount, double[] numeric, string[] strings, double[] rawTimestamps,
        double[] timestamps, XdfClockOffset[] clockOffsets, XdfClockFit[] clockFits, string? footerXml)
    {
        Id = id;
        Info = info;
        SampleCount = sampleCount;
        NumericValues = numeric;
        StringValues = strings;
        RawTimestamps = rawTimestamps;
        Timestamps = timestamps;
        ClockOffsets = clockOffsets;
        ClockFits = clockFits;
        FooterXml = footerXml;
    }

    /// <summary>Stream id as written in its chunks.</summary>
    public uint Id { get; }

    /// <summary>Facts from the stream header XML.</summary>
    public XdfStreamInfo Info { get; }

    /// <summary>Number of samples read.</summary>
    public int SampleCount { get; }

    /// <summary>Numeric samples, sample-major (sample k, channel c at k * ChannelCount + c); empty for string streams.</summary>
    public double[] NumericValues { get; }

    /// <summary>String samples, sample-major like <see cref="NumericValues"/>; empty for numeric streams.</summary>
    public string[] StringValues { get; }

    /// <summary>Time stamps on the stream's own clock: the recorded ones, and for samples written without one the
    /// previous sample's stamp plus 1 / nominal rate (as pyxdf does).</summary>
    public double[] RawTimestamps { get; }

    /// <summary>Time stamps on the recorder's clock: raw stamp plus the fitted clock offset at that time
    /// (equal to <see cref="RawTimestamps"/> when the stream has no clock offsets).</summary>
    public double[] Timestamps { get; }

    /// <summary>Clock-offset chunks of the stream, in file order.</summary>
    public XdfClockOffset[] ClockOffsets { get; }

    /// <summary>Linear fits of offset over time, one per stretch between clock resets (one when there is no reset,
    /// none when there are no clock offsets). More than one means clock resets were detected.</summary>
    public XdfClockFit[] ClockFits { get; }

    /// <summary>Number of clock resets detected (<see cref="ClockFits"/>.Length - 1, at least 0).</summary>
    public int ClockResets => Math.Max(0, ClockFits.Length - 1);

    /// <summary>Whether the stream's footer chunk was present (absent in a recording cut short).</summary>
    public bool HasFooter => FooterXml is not null;

    /// <summary>XML of the stream's footer chunk (first/last time stamp, sample count as the writer saw them), or
    /// null when the file has none.</summary>
    public string? FooterXml { get; }
}
