namespace NeuroRT.Formats.Xdf;

/// <summary>Value format of a stream's channels, from the <c>channel_format</c> element of its header.</summary>
public enum XdfChannelFormat
{
    /// <summary>8-bit signed integer.</summary>
    Int8,

    /// <summary>16-bit signed integer, little-endian.</summary>
    Int16,

    /// <summary>32-bit signed integer, little-endian.</summary>
    Int32,

    /// <summary>64-bit signed integer, little-endian (held as double: exact up to 2^53).</summary>
    Int64,

    /// <summary>IEEE 754 single precision, little-endian.</summary>
    Float32,

    /// <summary>IEEE 754 double precision, little-endian.</summary>
    Double64,

    /// <summary>UTF-8 string with its own variable-length length field per value.</summary>
    String,
}

/// <summary>Parsing and sizes of <see cref="XdfChannelFormat"/>.</summary>
public static class XdfChannelFormats
{
    /// <summary>Parses the header text ("int8", "float32", "double64", "string", ...); null when unknown.</summary>
    public static XdfChannelFormat? Parse(string text) => text.Trim() switch
    {
        "int8" => XdfChannelFormat.Int8,
        "int16" => XdfChannelFormat.Int16,
        "int32" => XdfChannelFormat.Int32,
        "int64" => XdfChannelFormat.Int64,
        "float32" => XdfChannelFormat.Float32,
        "double64" => XdfChannelFormat.Double64,
        "string" => XdfChannelFormat.String,
        _ => null,
    };

    /// <summary>Bytes per value for numeric formats; 0 for strings (variable length).</summary>
    public static int ByteSize(this XdfChannelFormat format) => format switch
    {
        XdfChannelFormat.Int8 => 1,
        XdfChannelFormat.Int16 => 2,
        XdfChannelFormat.Int32 => 4,
        XdfChannelFormat.Int64 => 8,
        XdfChannelFormat.Float32 => 4,
        XdfChannelFormat.Double64 => 8,
        _ => 0,
    };
}
