namespace NeuroRT.Plugins.SeizureAlarm.Announcing;

/// <summary>How a failed announcement is retried: up to <see cref="Retries"/> more attempts, waiting <see cref="Backoff"/> seconds, doubled after each failure.</summary>
public sealed record RetryPolicy(int Retries, double Backoff)
{
    /// <summary>Wait before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan Delay(int retry) => TimeSpan.FromSeconds(Backoff * Math.Pow(2, retry - 1));
}
