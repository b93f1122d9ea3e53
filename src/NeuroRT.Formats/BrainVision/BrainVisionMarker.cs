namespace NeuroRT.Formats.BrainVision;

/// <summary>One marker of a .vmrk file (<c>Mk&lt;n&gt;=&lt;Type&gt;,&lt;Description&gt;,&lt;Position&gt;,&lt;Size&gt;,&lt;Channel&gt;[,&lt;Date&gt;]</c>).</summary>
/// <param name="Number">The n of <c>Mk&lt;n&gt;</c>.</param>
/// <param name="Type">Marker type, e.g. "Stimulus", "Response", "New Segment".</param>
/// <param name="Description">Description, e.g. "S253"; may be empty.</param>
/// <param name="Sample">0-based sample index (the file's 1-based position minus one).</param>
/// <param name="Size">Length in samples (0 or 1 for point markers).</param>
/// <param name="Channel">1-based channel it refers to; 0 for all channels.</param>
/// <param name="Date">The optional date field of "New Segment" markers (yyyyMMddHHmmssffffff), else empty.</param>
public sealed record BrainVisionMarker(int Number, string Type, string Description, long Sample, long Size, int Channel, string Date);
