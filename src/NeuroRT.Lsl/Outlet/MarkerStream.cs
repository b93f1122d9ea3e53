using System.Xml.Linq;
using NeuroRT.Lsl.Info;

namespace NeuroRT.Lsl.Outlet;

/// <summary>
/// The description NeuroRT gives every command/marker stream it serves: one string channel, irregular rate, the
/// channel labelled as a marker, and NeuroRT named as the manufacturer, so LSL tools (LabRecorder, viewers) show
/// it as an event stream.
/// </summary>
public static class MarkerStream
{
    /// <summary>The default source_id of a marker stream named <paramref name="name"/>: stable across restarts, so receivers reconnect.</summary>
    public static string DefaultSourceId(string name) => $"neurort-{name}";

    /// <summary>Describes a marker stream; an empty <paramref name="sourceId"/> takes <see cref="DefaultSourceId"/>.</summary>
    public static LslStreamInfo Describe(string name, string type, string sourceId, string channelLabel = "command")
    {
        var info = new LslStreamInfo
        {
            Name = name,
            Type = type,
            ChannelCount = 1,
            ChannelFormat = ChannelFormat.String,
            NominalRate = 0,
            SourceId = sourceId.Length > 0 ? sourceId : DefaultSourceId(name),
        };
        info.SetChannels([(channelLabel, "", "Markers")]);
        info.Desc.Add(new XElement("acquisition", new XElement("manufacturer", "NeuroRT")));
        return info;
    }
}
