namespace NeuroRT.Formats.Xdf;

/// <summary>One clock-offset measurement: at <paramref name="CollectionTime"/> (stream clock, s) the recorder's
/// clock minus the stream's clock was <paramref name="Offset"/> seconds.</summary>
public readonly record struct XdfClockOffset(double CollectionTime, double Offset);
