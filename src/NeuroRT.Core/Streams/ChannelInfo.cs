namespace NeuroRT.Core.Streams;

/// <summary>One channel of a stream: its label, its kind (e.g. <c>EEG</c>, <c>stim</c>, <c>class-score</c>) and its physical unit.</summary>
/// <param name="Name">Label as the source declares it (e.g. <c>C3</c>, or <c>C3..</c> in EEGMMIDB files).</param>
/// <param name="Type">Channel kind, as LSL and XDF name it (<c>EEG</c>, <c>MEG</c>, <c>stim</c>, ...).</param>
/// <param name="Unit">Physical unit of the values (<c>uV</c>, <c>fT</c>, empty when unitless).</param>
public sealed record ChannelInfo(string Name, string Type = "", string Unit = "");
