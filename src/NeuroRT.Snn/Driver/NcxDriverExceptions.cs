namespace NeuroRT.Snn.Driver;

/// <summary>The link to the board went away (unplugged, hung up, closed) while the driver was using it.</summary>
public sealed class NcxLinkLostException : IOException
{
    /// <summary>Creates the exception.</summary>
    public NcxLinkLostException(string device, string activity, Exception inner)
        : base($"NeuroCoreX link to {device} lost during {activity}: {inner.Message}", inner)
    {
        Device = device;
        Activity = activity;
    }

    /// <summary>The link's description (a tty path, the in-process board).</summary>
    public string Device { get; }

    /// <summary>What the driver was doing.</summary>
    public string Activity { get; }
}

/// <summary>A call that is not allowed in the driver's current state (or after a fault).</summary>
public sealed class NcxDriverStateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public NcxDriverStateException(NcxDriverState state, string message, Exception? inner = null) : base(message, inner) => State = state;

    /// <summary>The state the driver was in.</summary>
    public NcxDriverState State { get; }
}

/// <summary>The board answered something the protocol does not allow (the driver then faults).</summary>
public sealed class NcxProtocolException : IOException
{
    /// <summary>Creates the exception.</summary>
    public NcxProtocolException(string message) : base(message) { }
}

/// <summary>The FF matrix read back after a load differs from the one sent.</summary>
public sealed class NcxVerifyException : IOException
{
    /// <summary>Creates the exception.</summary>
    public NcxVerifyException(string message, int mismatches, IReadOnlyList<NcxWeightMismatch> first) : base(message)
    {
        Mismatches = mismatches;
        First = first;
    }

    /// <summary>How many of the 9 215 verifiable entries differ.</summary>
    public int Mismatches { get; }

    /// <summary>The first differing entries, in row-major order.</summary>
    public IReadOnlyList<NcxWeightMismatch> First { get; }
}

/// <summary>One FF entry that read back differently: FF[row][col] carries input <see cref="Col"/> to neuron row − 6.</summary>
public readonly record struct NcxWeightMismatch(int Row, int Col, sbyte Sent, sbyte Read)
{
    /// <summary>The neuron the entry drives (row − 6), or −1 for rows 0…5 and 96+ that drive no neuron.</summary>
    public int Neuron => Row >= 6 && Row < 96 ? Row - 6 : -1;

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Neuron >= 0 ? $"neuron {Neuron}" : "no neuron")}/input {Col} (row {Row}, col {Col}): sent {Sent}, read {Read}";
}
