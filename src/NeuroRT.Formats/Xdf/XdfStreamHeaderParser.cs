using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace NeuroRT.Formats.Xdf;

/// <summary>Reads the facts NeuroRT uses out of a stream header's XML.</summary>
internal static class XdfStreamHeaderParser
{
    public static XdfStreamInfo Parse(string xml, string path, long offset, uint streamId)
    {
        XElement info;
        try
        {
            info = XDocument.Parse(xml).Root ?? throw new XmlException("no root element");
        }
        catch (XmlException e)
        {
            throw new XdfFormatException(path, offset, $"stream header of stream {streamId} is not well-formed XML: {e.Message}");
        }

        string Text(string element) => info.Element(element)?.Value.Trim() ?? string.Empty;

        string countText = Text("channel_count");
        if (!int.TryParse(countText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int channels) || channels < 1)
        {
            throw new XdfFormatException(path, offset, $"stream header of stream {streamId}: channel_count '{countText}' is not a positive integer");
        }

        string rateText = Text("nominal_srate");
        if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || rate < 0 || !double.IsFinite(rate))
        {
            throw new XdfFormatException(path, offset, $"stream header of stream {streamId}: nominal_srate '{rateText}' is not a non-negative number");
        }

        string formatText = Text("channel_format");
        XdfChannelFormat format = XdfChannelFormats.Parse(formatText)
            ?? throw new XdfFormatException(path, offset, $"stream header of stream {streamId}: channel_format '{formatText}' is not one of int8, int16, int32, int64, float32, double64, string");

        var labels = new List<string>();
        XElement? channelList = info.Element("desc")?.Element("channels");
        if (channelList is not null)
        {
            foreach (XElement channel in channelList.Elements("channel"))
            {
                labels.Add(channel.Element("label")?.Value.Trim() ?? string.Empty);
            }
        }

        return new XdfStreamInfo(Text("name"), Text("type"), channels, rate, format, labels, xml);
    }
}
