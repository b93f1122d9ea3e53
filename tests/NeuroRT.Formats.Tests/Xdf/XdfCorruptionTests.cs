using NeuroRT.Formats.Xdf;

namespace NeuroRT.Formats.Tests.Xdf;

/// <summary>Any single corrupted byte gives a result or an <see cref="XdfFormatException"/>, never another exception.</summary>
public sealed class XdfCorruptionTests
{
    [Fact]
    public void Every_single_byte_corruption_of_minimal_xdf_reads_or_fails_with_a_format_error()
    {
        byte[] original = File.ReadAllBytes(SharedData.File("xdf", "example-files", "minimal.xdf"));
        byte[] copy = new byte[original.Length];
        int errors = 0, reads = 0;
        for (int i = 0; i < original.Length; i++)
        {
            foreach (byte value in new byte[] { 0x00, 0xFF, (byte)(original[i] ^ 0x01), 0x08 })
            {
                original.CopyTo(copy, 0);
                copy[i] = value;
                try
                {
                    XdfFile.Parse(copy, "corrupt.xdf");
                    reads++;
                }
                catch (XdfFormatException e)
                {
                    Assert.StartsWith("corrupt.xdf: byte ", e.Message);
                    Assert.InRange(e.ByteOffset, 0, copy.Length);
                    errors++;
                }
            }
        }

        // Both outcomes occur: corrupt values inside samples still read, corrupt framing fails.
        Assert.True(errors > 0 && reads > 0, $"{errors} errors, {reads} reads");
    }
}
