using System.Xml.Linq;

namespace NeuroRT.Lsl.Info;

/// <summary>
/// An LSL stream description (liblsl's <c>stream_info</c>): the 18 core fields and the free-form
/// <c>desc</c> element (channel labels, units, manufacturer). <see cref="StreamInfoXml"/> writes it
/// byte for byte as liblsl does and parses it with liblsl's validation rules.
/// </summary>
public sealed class LslStreamInfo
{
    /// <summary>Protocol version liblsl 1.17 advertises (1.10).</summary>
    public const int CurrentProtocolVersion = 110;

    /// <summary>Stream name (required, non-empty).</summary>
    public string Name { get; set; } = "";

    /// <summary>Content type (<c>EEG</c>, <c>Markers</c>, ...; may be empty).</summary>
    public string Type { get; set; } = "";

    /// <summary>Channels per sample.</summary>
    public int ChannelCount { get; set; }

    /// <summary>Value format of every channel.</summary>
    public ChannelFormat ChannelFormat { get; set; } = ChannelFormat.Float32;

    /// <summary>Identifies the device across outlet restarts; what makes recovery possible.</summary>
    public string SourceId { get; set; } = "";

    /// <summary>Advertised rate in Hz; 0 = irregular.</summary>
    public double NominalRate { get; set; }

    /// <summary>Protocol version times 100 (110 = 1.10).</summary>
    public int ProtocolVersion { get; set; } = CurrentProtocolVersion;

    /// <summary>Outlet clock when the outlet was created.</summary>
    public double CreatedAt { get; set; }

    /// <summary>Identifies one outlet instance (a new lowercase UUID v4 per outlet).</summary>
    public string Uid { get; set; } = "";

    /// <summary>Discovery session (configured <c>lab.SessionID</c>).</summary>
    public string SessionId { get; set; } = "default";

    /// <summary>Host name of the outlet.</summary>
    public string Hostname { get; set; } = "";

    /// <summary>IPv4 address of the outlet as seen by a resolver (empty on the wire).</summary>
    public string V4Address { get; set; } = "";

    /// <summary>TCP data port for IPv4 (0 = none).</summary>
    public int V4DataPort { get; set; }

    /// <summary>UDP service port for IPv4 (0 = none).</summary>
    public int V4ServicePort { get; set; }

    /// <summary>IPv6 address as seen by a resolver (empty on the wire).</summary>
    public string V6Address { get; set; } = "";

    /// <summary>TCP data port for IPv6 (0 = none).</summary>
    public int V6DataPort { get; set; }

    /// <summary>UDP service port for IPv6 (0 = none).</summary>
    public int V6ServicePort { get; set; }

    /// <summary>The <c>desc</c> element (never null; empty in short infos).</summary>
    public XElement Desc { get; set; } = new("desc");

    /// <summary>True for irregular streams (nominal rate 0).</summary>
    public bool IsIrregular => NominalRate == 0;

    /// <summary>A shallow copy with its own <see cref="Desc"/> tree.</summary>
    public LslStreamInfo Clone()
    {
        var copy = (LslStreamInfo)MemberwiseClone();
        copy.Desc = new XElement(Desc);
        return copy;
    }

    /// <summary>Channel labels from <c>desc/channels/channel/label</c>, or null when the description has none for every channel.</summary>
    public string[]? ChannelLabels()
    {
        var channels = Desc.Element("channels");
        if (channels is null) return null;
        var labels = new List<string>();
        foreach (var channel in channels.Elements("channel"))
        {
            labels.Add((string?)channel.Element("label") ?? "");
        }

        return labels.Count == ChannelCount ? labels.ToArray() : null;
    }

    /// <summary>Units from <c>desc/channels/channel/unit</c> (empty where missing), or null without a channel list.</summary>
    public string[]? ChannelUnits()
    {
        var channels = Desc.Element("channels");
        if (channels is null) return null;
        var units = new List<string>();
        foreach (var channel in channels.Elements("channel")) units.Add((string?)channel.Element("unit") ?? "");
        return units.Count == ChannelCount ? units.ToArray() : null;
    }

    /// <summary>Writes the usual <c>desc/channels</c> list (label, unit, type per channel).</summary>
    public void SetChannels(IReadOnlyList<(string Label, string Unit, string Type)> channels)
    {
        Desc.Element("channels")?.Remove();
        var list = new XElement("channels");
        foreach (var (label, unit, type) in channels)
        {
            list.Add(new XElement("channel", new XElement("label", label), new XElement("unit", unit), new XElement("type", type)));
        }

        Desc.Add(list);
    }

    /// <summary>One line for logs: name, type, shape, host and uid.</summary>
    public override string ToString() => $"{Name} ({Type}, {ChannelCount} x {ChannelFormat.Name()} @ {NominalRate} Hz, {Hostname}, uid {Uid})";
}
