namespace NeuroRT.Formats.BrainVision;

/// <summary>One channel of a BrainVision header (<c>Ch&lt;n&gt;=&lt;Name&gt;,&lt;Reference&gt;,&lt;Resolution&gt;,&lt;Unit&gt;</c>).</summary>
/// <param name="Name">Channel name, with "\1" already turned back into commas.</param>
/// <param name="Reference">Reference channel name; empty when the header leaves it out.</param>
/// <param name="Resolution">Size of one raw step in <paramref name="Unit"/>; values read are raw x resolution. 1 when omitted.</param>
/// <param name="Unit">Unit of the scaled values; "µV" when the header leaves it out (the format's default).</param>
public sealed record BrainVisionChannel(string Name, string Reference, double Resolution, string Unit);
