using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using NeuroRT.Lsl.Text;

namespace NeuroRT.Lsl.Info;

/// <summary>
/// The stream-info XML exactly as liblsl (pugixml) writes it: <c>&lt;?xml version="1.0"?&gt;</c>, LF line
/// ends, one tab per level, all 18 elements in order, empty text as <c>&lt;v4address&gt;&lt;/v4address&gt;</c>,
/// childless elements as <c>&lt;desc /&gt;</c>; and parsing with liblsl's validation (an invalid info is an
/// <see cref="LslInfoException"/> naming the field, where liblsl would substitute "(invalid: ...)").
/// </summary>
public static class StreamInfoXml
{
    /// <summary>The short info: everything but the <c>desc</c> contents (discovery, shortinfo, 1.00 feeds).</summary>
    public static string ToShortXml(LslStreamInfo info) => Write(info, includeDesc: false);

    /// <summary>The full info, with the <c>desc</c> tree (answer to <c>LSL:fullinfo</c>).</summary>
    public static string ToFullXml(LslStreamInfo info) => Write(info, includeDesc: true);

    private static string Write(LslStreamInfo info, bool includeDesc)
    {
        var text = new StringBuilder(1024);
        text.Append("<?xml version=\"1.0\"?>\n<info>\n");
        Field(text, "name", info.Name);
        Field(text, "type", info.Type);
        Field(text, "channel_count", info.ChannelCount.ToString(CultureInfo.InvariantCulture));
        Field(text, "channel_format", info.ChannelFormat.Name());
        Field(text, "source_id", info.SourceId);
        Field(text, "nominal_srate", CNumber.FormatInfo(info.NominalRate));
        Field(text, "version", CNumber.FormatInfo(info.ProtocolVersion / 100.0));
        Field(text, "created_at", CNumber.FormatInfo(info.CreatedAt));
        Field(text, "uid", info.Uid);
        Field(text, "session_id", info.SessionId);
        Field(text, "hostname", info.Hostname);
        Field(text, "v4address", info.V4Address);
        Field(text, "v4data_port", info.V4DataPort.ToString(CultureInfo.InvariantCulture));
        Field(text, "v4service_port", info.V4ServicePort.ToString(CultureInfo.InvariantCulture));
        Field(text, "v6address", info.V6Address);
        Field(text, "v6data_port", info.V6DataPort.ToString(CultureInfo.InvariantCulture));
        Field(text, "v6service_port", info.V6ServicePort.ToString(CultureInfo.InvariantCulture));
        if (includeDesc) WriteElement(text, info.Desc, 1);
        else text.Append("\t<desc />\n");
        text.Append("</info>\n");
        return text.ToString();
    }

    private static void Field(StringBuilder text, string name, string value)
    {
        text.Append('\t').Append('<').Append(name).Append('>');
        Escape(text, value, attribute: false);
        text.Append("</").Append(name).Append(">\n");
    }

    // pugixml's default format: indent per level, text-only elements on one line, empty ones self-closed.
    private static void WriteElement(StringBuilder text, XElement element, int depth)
    {
        text.Append('\t', depth).Append('<').Append(element.Name.LocalName);
        foreach (var attribute in element.Attributes())
        {
            text.Append(' ').Append(attribute.Name.LocalName).Append("=\"");
            Escape(text, attribute.Value, attribute: true);
            text.Append('"');
        }

        if (!element.Nodes().Any())
        {
            text.Append(" />\n");
            return;
        }

        if (!element.HasElements)
        {
            text.Append('>');
            Escape(text, element.Value, attribute: false);
            text.Append("</").Append(element.Name.LocalName).Append(">\n");
            return;
        }

        text.Append(">\n");
        foreach (var child in element.Elements()) WriteElement(text, child, depth + 1);
        text.Append('\t', depth).Append("</").Append(element.Name.LocalName).Append(">\n");
    }

    private static void Escape(StringBuilder text, string value, bool attribute)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': text.Append("&amp;"); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '"' when attribute: text.Append("&quot;"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>Parses an info document (short or full). Leading whitespace (the LF liblsl leaves after a
    /// query id) is skipped. Throws <see cref="LslInfoException"/> with the reason liblsl would give.</summary>
    public static LslStreamInfo Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml.TrimStart());
        }
        catch (XmlException e)
        {
            throw new LslInfoException("", $"not well-formed XML: {e.Message}");
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "info") throw new LslInfoException("info", "the root element must be <info>");
        var info = new LslStreamInfo
        {
            Name = Text(root, "name"),
            Type = Text(root, "type"),
            SourceId = Text(root, "source_id"),
            Uid = Text(root, "uid"),
            SessionId = Text(root, "session_id"),
            Hostname = Text(root, "hostname"),
            V4Address = Text(root, "v4address"),
            V6Address = Text(root, "v6address"),
        };
        if (info.Name.Length == 0) throw new LslInfoException("name", "the stream name must not be empty");
        info.ChannelCount = Integer(root, "channel_count", 0, int.MaxValue);
        string format = Text(root, "channel_format");
        info.ChannelFormat = ChannelFormats.Parse(format);
        if (info.ChannelFormat == ChannelFormat.Undefined) throw new LslInfoException("channel_format", $"unknown channel format '{format}'");

        // liblsl first reads a leading integer (it must exist and be >= 0), then the double.
        string rate = Text(root, "nominal_srate");
        if (rate.Length == 0 || !char.IsAsciiDigit(rate[0])) throw new LslInfoException("nominal_srate", $"'{rate}' must start with a digit");
        if (!CNumber.TryParse(rate, out double nominalRate) || !(nominalRate >= 0) || double.IsInfinity(nominalRate))
            throw new LslInfoException("nominal_srate", $"'{rate}' is not a rate >= 0");
        info.NominalRate = nominalRate;

        string version = Text(root, "version");
        if (!CNumber.TryParse(version, out double versionNumber) || (int)(versionNumber * 100 + 1e-9) <= 0)
            throw new LslInfoException("version", $"'{version}' is not a protocol version above 0");
        info.ProtocolVersion = (int)Math.Round(versionNumber * 100);

        string created = Text(root, "created_at");
        if (!CNumber.TryParse(created, out double createdAt)) throw new LslInfoException("created_at", $"'{created}' is not a number");
        info.CreatedAt = createdAt;
        if (info.Uid.Length == 0) throw new LslInfoException("uid", "the uid must not be empty");

        info.V4DataPort = Integer(root, "v4data_port", 0, 65535);
        info.V4ServicePort = Integer(root, "v4service_port", 0, 65535);
        info.V6DataPort = Integer(root, "v6data_port", 0, 65535);
        info.V6ServicePort = Integer(root, "v6service_port", 0, 65535);
        info.Desc = root.Element("desc") is { } desc ? new XElement(desc) : new XElement("desc");
        return info;
    }

    private static string Text(XElement root, string name) => root.Element(name)?.Value ?? "";

    private static int Integer(XElement root, string name, int min, int max)
    {
        var element = root.Element(name) ?? throw new LslInfoException(name, "the element is missing");
        string text = element.Value.Trim();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
            throw new LslInfoException(name, $"'{text}' is not an integer in {min}..{max}");
        return (int)value;
    }
}

/// <summary>A stream info liblsl would mark invalid; <see cref="Field"/> names the element at fault.</summary>
public sealed class LslInfoException(string field, string reason)
    : Exception(field.Length == 0 ? $"invalid stream info: {reason}" : $"invalid stream info: <{field}>: {reason}")
{
    /// <summary>The element at fault (empty when the document itself is broken).</summary>
    public string Field { get; } = field;
}
