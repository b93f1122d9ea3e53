namespace NeuroRT.Core.Configuration;

/// <summary>The physical quantity a numeric parameter holds, which decides the units accepted in pipeline files.</summary>
public enum Quantity
{
    /// <summary>A plain number.</summary>
    None,
    /// <summary>A duration, stored in seconds: <c>2s</c>, <c>250ms</c>, <c>1.5min</c>, <c>1h</c> (a bare number is seconds).</summary>
    Time,
    /// <summary>A frequency, stored in hertz: <c>50Hz</c>, <c>1.5kHz</c> (a bare number is hertz).</summary>
    Frequency,
}

/// <summary>
/// Marks a property as a pipeline-file parameter. Supported property types: bool, int, long,
/// double, string, enums (written in kebab-case), string[], double[] and double[][].
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ParameterAttribute(string name) : Attribute
{
    /// <summary>The key in the pipeline file (kebab-case, e.g. <c>step</c>, <c>noise-rms</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The parameter must be given.</summary>
    public bool Required { get; init; }

    /// <summary>Units accepted for a numeric parameter.</summary>
    public Quantity Quantity { get; init; }

    /// <summary>The value is a path of an existing input file, taken relative to the pipeline file.</summary>
    public bool InputFile { get; init; }

    /// <summary>What the parameter means, with its unit and default.</summary>
    public string Help { get; init; } = "";
}
