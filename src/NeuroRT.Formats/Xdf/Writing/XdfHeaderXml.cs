using System.Diagnostics;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NeuroRT.Formats.Xdf.Writing;

/// <summary>
/// The XML of file headers, stream headers and stream footers, with the element names LabRecorder writes (so pyxdf
/// and other XDF consumers find them). Built with LINQ to XML so that names and texts are always escaped and the
/// result is well-formed. Numbers use the invariant culture; doubles the round-trip ("R") form.
/// </summary>
internal static class XdfHeaderXml
{
    private const string Declaration = "<?xml version=\"1.0\"?>";

    public static string FileHeader(DateTimeOffset now) =>
        Declaration + new XElement("info",
            new XElement("version", "1.0"),
            new XElement("datetime", now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))).ToString(SaveOptions.DisableFormatting);

    public static string StreamHeader(XdfStreamDescription d)
    {
        var channels = new XElement("channels");
        foreach (XdfChannelDescription c in d.Channels)
        {
            channels.Add(new XElement("channel", new XElement("label", c.Label), new XElement("type", c.Type), new XElement("unit", c.Unit)));
        }

        var desc = new XElement("desc", channels);
        if (!string.IsNullOrWhiteSpace(d.DescXml))
        {
            desc.Add(ParseFragment(d.DescXml, d.Name).Nodes());
        }

        var info = new XElement("info",
            new XElement("name", d.Name),
            new XElement("type", d.Type),
            new XElement("channel_count", d.Channels.Count.ToString(CultureInfo.InvariantCulture)),
            new XElement("channel_format", FormatName(d.Format)),
            new XElement("source_id", d.SourceId),
            new XElement("nominal_srate", Number(d.NominalRate)),
            new XElement("version", "1.1"),
            // LSL's clock: seconds since an arbitrary start (Stopwatch), as liblsl's local_clock.
            new XElement("created_at", Number(Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency)),
            new XElement("uid", Guid.NewGuid().ToString()),
            new XElement("hostname", d.Hostname),
            desc);
        return Declaration + info.ToString(SaveOptions.DisableFormatting);
    }

    public static string StreamFooter(double first, double last, long count, ReadOnlySpan<XdfClockOffset> offsets)
    {
        var list = new XElement("clock_offsets");
        foreach (XdfClockOffset o in offsets)
        {
            list.Add(new XElement("offset", new XElement("time", Number(o.CollectionTime)), new XElement("value", Number(o.Offset))));
        }

        var info = new XElement("info",
            new XElement("first_timestamp", Number(first)),
            new XElement("last_timestamp", Number(last)),
            new XElement("sample_count", count.ToString(CultureInfo.InvariantCulture)),
            list);
        return Declaration + info.ToString(SaveOptions.DisableFormatting);
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatName(XdfChannelFormat format) => format switch
    {
        XdfChannelFormat.Int8 => "int8",
        XdfChannelFormat.Int16 => "int16",
        XdfChannelFormat.Int32 => "int32",
        XdfChannelFormat.Int64 => "int64",
        XdfChannelFormat.Float32 => "float32",
        XdfChannelFormat.Double64 => "double64",
        XdfChannelFormat.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an XDF channel format"),
    };

    private static XElement ParseFragment(string fragment, string stream)
    {
        try
        {
            return XElement.Parse("<desc>" + fragment + "</desc>");
        }
        catch (XmlException e)
        {
            throw new ArgumentException($"stream '{stream}': DescXml is not well-formed XML elements: {e.Message}", "description");
        }
    }
}
