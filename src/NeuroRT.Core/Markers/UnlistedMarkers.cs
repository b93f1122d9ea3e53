namespace NeuroRT.Core.Markers;

/// <summary>What a marker channel does with a marker whose text is not in <c>marker-names</c>.</summary>
public enum UnlistedMarkers
{
    /// <summary>It keeps its number if it is one, else gets the next free code (see <see cref="MarkerCodes"/>).</summary>
    Code,

    /// <summary>It is left out: only the listed texts become markers.</summary>
    Ignore,
}
