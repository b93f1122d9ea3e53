namespace NeuroRT.Core.Streams;

/// <summary>The value type a source delivers natively. Inside the pipeline, numeric values are always float32.</summary>
public enum SampleValueType
{
    /// <summary>32-bit IEEE float.</summary>
    Float32,
    /// <summary>64-bit IEEE float.</summary>
    Double64,
    /// <summary>Signed 8-bit integer.</summary>
    Int8,
    /// <summary>Signed 16-bit integer (EDF samples).</summary>
    Int16,
    /// <summary>Signed 24-bit integer (BDF samples).</summary>
    Int24,
    /// <summary>Signed 32-bit integer.</summary>
    Int32,
    /// <summary>Signed 64-bit integer.</summary>
    Int64,
    /// <summary>Text (marker streams).</summary>
    String,
}
