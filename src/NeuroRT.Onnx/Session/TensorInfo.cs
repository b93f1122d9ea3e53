namespace NeuroRT.Onnx.Session;

/// <summary>ONNX tensor element types (<c>ONNXTensorElementDataType</c>); NeuroRT feeds and reads float32.</summary>
public enum TensorElementType
{
    /// <summary>Undefined.</summary>
    Undefined = 0,
    /// <summary>float32.</summary>
    Float = 1,
    /// <summary>uint8.</summary>
    UInt8 = 2,
    /// <summary>int8.</summary>
    Int8 = 3,
    /// <summary>uint16.</summary>
    UInt16 = 4,
    /// <summary>int16.</summary>
    Int16 = 5,
    /// <summary>int32.</summary>
    Int32 = 6,
    /// <summary>int64.</summary>
    Int64 = 7,
    /// <summary>string.</summary>
    String = 8,
    /// <summary>bool.</summary>
    Bool = 9,
    /// <summary>float16.</summary>
    Float16 = 10,
    /// <summary>float64.</summary>
    Double = 11,
}

/// <summary>One model input or output: its name, element type and shape.</summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="OnnxType">The ONNX value kind (1 = tensor; NeuroRT needs tensors).</param>
/// <param name="ElementType">The element type (ORT's raw number; see <see cref="TensorElementType"/>).</param>
/// <param name="Dimensions">Each dimension; -1 for a dynamic one.</param>
/// <param name="SymbolicDimensions">Each dimension's symbolic name (e.g. <c>batch</c>), empty for a fixed one.</param>
public sealed record TensorInfo(string Name, int OnnxType, TensorElementType ElementType, long[] Dimensions, string[] SymbolicDimensions)
{
    /// <summary>The number of dimensions.</summary>
    public int Rank => Dimensions.Length;

    /// <summary>The shape for messages: <c>[batch, 4, 32]</c>.</summary>
    public string DescribeShape()
    {
        var parts = new string[Dimensions.Length];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = Dimensions[i] >= 0 ? Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?";
        return "[" + string.Join(", ", parts) + "]";
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType} {DescribeShape()}";
}
