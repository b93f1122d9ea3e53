namespace NeuroRT.Lsl.Info;

/// <summary>LSL value formats, with liblsl's numeric codes (C API <c>lsl_channel_format_t</c>).</summary>
public enum ChannelFormat
{
    /// <summary>Not a valid stream format.</summary>
    Undefined = 0,
    /// <summary>IEEE-754 single precision.</summary>
    Float32 = 1,
    /// <summary>IEEE-754 double precision.</summary>
    Double64 = 2,
    /// <summary>Variable-length byte strings (markers).</summary>
    String = 3,
    /// <summary>32-bit two's complement.</summary>
    Int32 = 4,
    /// <summary>16-bit two's complement.</summary>
    Int16 = 5,
    /// <summary>8-bit two's complement.</summary>
    Int8 = 6,
    /// <summary>64-bit two's complement.</summary>
    Int64 = 7,
}

/// <summary>Names and sizes of <see cref="ChannelFormat"/> as they appear on the wire.</summary>
public static class ChannelFormats
{
    /// <summary>The XML name (<c>float32</c>, <c>double64</c>, ...).</summary>
    public static string Name(this ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 => "float32",
        ChannelFormat.Double64 => "double64",
        ChannelFormat.String => "string",
        ChannelFormat.Int32 => "int32",
        ChannelFormat.Int16 => "int16",
        ChannelFormat.Int8 => "int8",
        ChannelFormat.Int64 => "int64",
        _ => "undefined",
    };

    /// <summary>Parses an XML name; <see cref="ChannelFormat.Undefined"/> for anything else.</summary>
    public static ChannelFormat Parse(string name) => name switch
    {
        "float32" => ChannelFormat.Float32,
        "double64" => ChannelFormat.Double64,
        "string" => ChannelFormat.String,
        "int32" => ChannelFormat.Int32,
        "int16" => ChannelFormat.Int16,
        "int8" => ChannelFormat.Int8,
        "int64" => ChannelFormat.Int64,
        _ => ChannelFormat.Undefined,
    };

    /// <summary>Bytes per value on the wire (protocol 1.10); 0 for strings (variable).</summary>
    public static int ValueSize(this ChannelFormat format) => format switch
    {
        ChannelFormat.Float32 or ChannelFormat.Int32 => 4,
        ChannelFormat.Double64 or ChannelFormat.Int64 => 8,
        ChannelFormat.Int16 => 2,
        ChannelFormat.Int8 => 1,
        _ => 0,
    };

    /// <summary>The Value-Size header a liblsl inlet sends: the value size, or 32 (the C++ string object) for strings.</summary>
    public static int RequestValueSize(this ChannelFormat format) => format == ChannelFormat.String ? 32 : format.ValueSize();

    /// <summary>True for float32 and double64 (the formats subnormal handling applies to).</summary>
    public static bool IsFloatingPoint(this ChannelFormat format) => format is ChannelFormat.Float32 or ChannelFormat.Double64;
}
