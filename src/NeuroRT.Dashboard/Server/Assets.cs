using System.Reflection;

namespace NeuroRT.Dashboard.Server;

/// <summary>The page, script and style embedded in this assembly (resources <c>dashboard/NAME</c>).</summary>
internal static class Assets
{
    private static readonly Assembly Self = typeof(Assets).Assembly;

    /// <summary>The bytes of asset <paramref name="name"/> and its content type; null when there is no such asset.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name)
    {
        string type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "",
        };
        if (type.Length == 0 || name.Contains('/')) return null;
        using var stream = Self.GetManifestResourceStream("dashboard/" + name);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return (copy.ToArray(), type);
    }
}
