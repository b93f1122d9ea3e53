using NeuroRT.Formats.Xdf.Writing;

namespace NeuroRT.Formats.Recording;

internal enum RecorderItemKind
{
    Header,
    Floats,
    Doubles,
    Strings,
    ClockOffset,
}

/// <summary>
/// One entry of the recorder queue: a stream header, a chunk of samples or a clock offset. Sample items are pooled;
/// their arrays grow to the largest chunk seen and are reused, so a producer copying into one allocates nothing.
/// </summary>
internal sealed class RecorderItem
{
    public RecorderItemKind Kind;
    public RecorderStream Stream = null!;
    public int Samples;
    public int Values;
    public double[] Timestamps = [];
    public float[] Floats = [];
    public double[] Doubles = [];
    public string[] Strings = [];
    public double Time;
    public double Offset;

    public void Fill(RecorderItemKind kind, RecorderStream stream, ReadOnlySpan<double> timestamps, int values)
    {
        Kind = kind;
        Stream = stream;
        Samples = timestamps.Length;
        Values = values;
        if (Timestamps.Length < timestamps.Length) Timestamps = new double[timestamps.Length];
        timestamps.CopyTo(Timestamps);
    }

    public void Copy(ReadOnlySpan<float> values)
    {
        if (Floats.Length < values.Length) Floats = new float[values.Length];
        values.CopyTo(Floats);
    }

    public void Copy(ReadOnlySpan<double> values)
    {
        if (Doubles.Length < values.Length) Doubles = new double[values.Length];
        values.CopyTo(Doubles);
    }

    public void Copy(ReadOnlySpan<string> values)
    {
        if (Strings.Length < values.Length) Strings = new string[values.Length];
        values.CopyTo(Strings);
    }

    /// <summary>Drops references so that a pooled item keeps no strings or streams alive.</summary>
    public void Reset()
    {
        if (Kind == RecorderItemKind.Strings) Array.Clear(Strings, 0, Values);
        Stream = null!;
    }
}
