namespace NeuroRT.Snn.Network;

/// <summary>
/// What <see cref="NcxCompiler"/> did with a network: every real-unit value it converted to Q7.10 (with the rounding),
/// every unit conversion of refractory periods, the input address the driver will use as its silent dummy input, the
/// raw entries applied and the warnings about board behaviour the network runs into (spec §7, §8).
/// </summary>
public sealed class NcxCompileReport
{
    internal NcxCompileReport(IReadOnlyList<NcxConversion> conversions, IReadOnlyList<NcxRefractoryConversion> refractory,
        IReadOnlyList<NcxCompileWarning> warnings, IReadOnlyList<NcxRawApplied> raw, int silentAddress, int loadBytes)
    {
        Conversions = conversions;
        RefractoryConversions = refractory;
        Warnings = warnings;
        Raw = raw;
        SilentAddress = silentAddress;
        LoadBytes = loadBytes;
    }

    /// <summary>Every threshold, leak and bias value converted to Q7.10, in file order.</summary>
    public IReadOnlyList<NcxConversion> Conversions { get; }

    /// <summary>Every <c>refractory_ms</c> converted to timesteps.</summary>
    public IReadOnlyList<NcxRefractoryConversion> RefractoryConversions { get; }

    /// <summary>Conversions whose Q7.10 value differs from the value written.</summary>
    public IEnumerable<NcxConversion> Rounded => Conversions.Where(c => c.Rounded);

    /// <summary>Things the board will do that the file's author may not expect.</summary>
    public IReadOnlyList<NcxCompileWarning> Warnings { get; }

    /// <summary>Raw physical entries written over the compiled image.</summary>
    public IReadOnlyList<NcxRawApplied> Raw { get; }

    /// <summary>The lowest FF column that is zero in every row: the driver's dummy and filler events use it.</summary>
    public int SilentAddress { get; }

    /// <summary>Bytes of the whole load (every command of <see cref="NeuroCoreX.NcxImage.Steps"/>).</summary>
    public int LoadBytes { get; }
}

/// <summary>
/// One value converted to Q7.10: <see cref="Value"/> as written, <see cref="Q710"/> as sent; <see cref="Represented"/>
/// is what the board computes with and <see cref="Rounding"/> the difference (round to nearest, halves away from 0).
/// </summary>
public sealed record NcxConversion(string Field, NcxSourcePosition? Position, double Value, int Q710)
{
    /// <summary>The value the board uses (Q710 / 1024).</summary>
    public double Represented => NcxQ710.ToDouble(Q710);

    /// <summary>Represented − written.</summary>
    public double Rounding => Represented - Value;

    /// <summary>Whether the written value is not exactly representable.</summary>
    public bool Rounded => Rounding != 0;
}

/// <summary>A refractory period written in milliseconds and the whole number of 0.96 ms timesteps sent.</summary>
public sealed record NcxRefractoryConversion(string Field, NcxSourcePosition Position, double Milliseconds, int Timesteps);

/// <summary>A warning, with the place in the file it concerns when there is one.</summary>
public sealed record NcxCompileWarning(NcxSourcePosition? Position, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Position is null ? $"warning: {Message}" : $"{Position}: warning: {Message}";
}

/// <summary>A raw entry as applied: which table, where, the new value and the compiled value it replaced.</summary>
public sealed record NcxRawApplied(string Table, int Row, int Column, int Value, int Replaced, NcxSourcePosition Position);
