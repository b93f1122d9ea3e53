namespace NeuroRT.Formats.Edf;

/// <summary>
/// One annotation read from an EDF+ / BDF+ time-stamped annotation list (TAL, EDF+ spec section 2.2.2).
/// A TAL carrying several texts yields one <see cref="EdfAnnotation"/> per text, all with the TAL's onset and duration.
/// </summary>
/// <param name="Onset">Seconds from the file start time in the header ('startdate'/'starttime'), exactly as written in the TAL.</param>
/// <param name="Duration">Duration in seconds; 0 when the TAL has no duration.</param>
/// <param name="Text">The annotation text, decoded as UTF-8 (EDF+ spec 2.2.2).</param>
public readonly record struct EdfAnnotation(double Onset, double Duration, string Text);
