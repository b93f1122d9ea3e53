namespace NeuroRT.Core.Rings;

/// <summary>What a full <see cref="SampleRing"/> does with samples that do not fit. Either way every
/// lost sample is counted and leaves a visible gap in the running sample index.</summary>
public enum RingOverflow
{
    /// <summary>Discard the oldest unread samples so the newest always get in ("latest window"
    /// semantics: a pipeline that fell behind catches up on fresh data). The default for live input.</summary>
    DropOldest,

    /// <summary>Refuse the incoming samples that do not fit; what is already queued is kept.</summary>
    DropNewest,
}
