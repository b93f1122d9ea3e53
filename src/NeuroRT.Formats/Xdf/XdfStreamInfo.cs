namespace NeuroRT.Formats.Xdf;

/// <summary>Facts from a stream header's XML (<c>&lt;info&gt;</c>).</summary>
/// <param name="Name">The <c>name</c> element.</param>
/// <param name="Type">The <c>type</c> element (e.g. "EEG", "Markers").</param>
/// <param name="ChannelCount">The <c>channel_count</c> element.</param>
/// <param name="NominalRate">The <c>nominal_srate</c> element in Hz; 0 for irregular streams.</param>
/// <param name="Format">The <c>channel_format</c> element.</param>
/// <param name="ChannelLabels">The <c>desc/channels/channel/label</c> elements, in order; empty when the header has none.</param>
/// <param name="Xml">The whole header XML, for fields not broken out here.</param>
public sealed record XdfStreamInfo(
    string Name, string Type, int ChannelCount, double NominalRate, XdfChannelFormat Format,
    IReadOnlyList<string> ChannelLabels, string Xml);
