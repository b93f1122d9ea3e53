namespace NeuroRT.Formats.Xdf.Writing;

/// <summary>One channel of a stream header: <c>desc/channels/channel</c> with label, type and unit.</summary>
public sealed record XdfChannelDescription(string Label, string Type = "", string Unit = "");

/// <summary>
/// What a stream header says about a stream. <paramref name="DescXml"/> holds extra XML elements (a fragment, e.g.
/// <c>&lt;pipeline&gt;...&lt;/pipeline&gt;&lt;neurort_version&gt;1.0&lt;/neurort_version&gt;</c>) placed inside
/// <c>&lt;desc&gt;</c> after <c>&lt;channels&gt;</c>.
/// </summary>
public sealed record XdfStreamDescription(
    string Name, string Type, XdfChannelFormat Format, IReadOnlyList<XdfChannelDescription> Channels, double NominalRate,
    string SourceId = "", string? DescXml = null, string Hostname = "");
