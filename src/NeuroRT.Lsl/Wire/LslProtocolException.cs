namespace NeuroRT.Lsl.Wire;

/// <summary>A peer broke the LSL protocol (malformed request or reply, bad test pattern, oversized
/// message). The connection it came on is dropped; the message says what was wrong.</summary>
public sealed class LslProtocolException(string message) : Exception(message);

/// <summary>The outlet answered <c>404</c>: the uid asked for is not served there any more (the outlet restarted).</summary>
public sealed class LslStreamGoneException(string message) : Exception(message);
