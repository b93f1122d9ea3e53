namespace NeuroRT.Core.Stages;

/// <summary>
/// A stage, source or output cannot work with its parameters or its input. The host adds the
/// pipeline file, line and column of <see cref="Parameter"/> (or of the stage when it is null).
/// </summary>
public sealed class StageConfigurationException : Exception
{
    /// <summary>Creates the error; <paramref name="message"/> says what is wrong and what would be valid.</summary>
    public StageConfigurationException(string? parameter, string message) : base(message) => Parameter = parameter;

    /// <summary>Creates the error with its cause.</summary>
    public StageConfigurationException(string? parameter, string message, Exception inner) : base(message, inner) => Parameter = parameter;

    /// <summary>The pipeline-file name of the parameter at fault, or null when the stage as a whole is.</summary>
    public string? Parameter { get; }
}
