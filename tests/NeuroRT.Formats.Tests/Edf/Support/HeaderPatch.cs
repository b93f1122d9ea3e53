using System.Text;

namespace NeuroRT.Formats.Tests.Edf.Support;

/// <summary>Overwrites EDF header fields in a byte array (ASCII, space padded), for corrupt-copy tests.</summary>
public static class HeaderPatch
{
    /// <summary>Writes <paramref name="text"/> at <paramref name="offset"/>, padded with spaces to <paramref name="width"/> bytes.</summary>
    public static void Field(byte[] bytes, int offset, int width, string text)
    {
        if (text.Length > width)
        {
            throw new ArgumentException($"'{text}' does not fit a {width}-byte field.", nameof(text));
        }

        Encoding.ASCII.GetBytes(text.PadRight(width), bytes.AsSpan(offset, width));
    }

    /// <summary>
    /// Byte offset of signal <paramref name="signal"/>'s copy of the per-signal field that starts
    /// <paramref name="widthBefore"/> bytes into a signal's 256 header bytes, in a file of <paramref name="signalCount"/> signals.
    /// Field widths before: label 0, transducer 16, dimension 96, physical min 104, physical max 112, digital min 120,
    /// digital max 128, prefiltering 136, samples per record 216, reserved 224.
    /// </summary>
    public static int SignalFieldOffset(int signalCount, int widthBefore, int width, int signal) => 256 + signalCount * widthBefore + signal * width;
}
