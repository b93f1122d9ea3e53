namespace NeuroRT.Scoring.Readers;

/// <summary>An annotation or alarm file that cannot be scored; the message names the file and line (or field) and what is wrong.</summary>
public sealed class ScoringInputException(string message) : Exception(message);
