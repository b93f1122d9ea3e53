using System.Security.Cryptography;
using System.Text;

namespace NeuroRT.Dashboard.Server;

/// <summary>The random secret in the dashboard's URL: 32 bytes, base64url (43 characters, no padding).</summary>
internal sealed class AccessToken
{
    private readonly byte[] _bytes;

    public AccessToken()
    {
        Value = Base64Url(RandomNumberGenerator.GetBytes(32));
        _bytes = Encoding.ASCII.GetBytes(Value);
    }

    public string Value { get; }

    /// <summary>Constant-time comparison, so the token cannot be guessed character by character from response times.</summary>
    public bool Matches(string? candidate)
    {
        if (candidate is null) return false;
        byte[] given = Encoding.ASCII.GetBytes(candidate);
        return given.Length == _bytes.Length && CryptographicOperations.FixedTimeEquals(given, _bytes);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
