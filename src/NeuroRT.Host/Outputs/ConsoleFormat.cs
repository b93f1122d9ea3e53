namespace NeuroRT.Host.Outputs;

/// <summary>How the console output prints frames.</summary>
public enum ConsoleFormat
{
    /// <summary>One readable line per frame.</summary>
    Text,
    /// <summary>One JSON object per line (JSON Lines).</summary>
    Json,
}
