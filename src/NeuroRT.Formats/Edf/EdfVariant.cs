namespace NeuroRT.Formats.Edf;

/// <summary>
/// Which member of the EDF family a file is, as declared by its 'version' field (bytes 0-7) and the
/// first characters of its 'reserved' field (bytes 192-235).
/// </summary>
public enum EdfVariant
{
    /// <summary>Plain EDF (Kemp et al. 1992): version "0", 16-bit samples, no annotation signal required.</summary>
    Edf,

    /// <summary>EDF+ continuous ('reserved' starts with "EDF+C", Kemp &amp; Olivan 2003): records follow each other without gaps.</summary>
    EdfPlusContinuous,

    /// <summary>EDF+ discontinuous ('reserved' starts with "EDF+D"): each record's start comes from its time-keeping annotation.</summary>
    EdfPlusDiscontinuous,

    /// <summary>BioSemi BDF: version byte 0xFF followed by "BIOSEMI", 24-bit little-endian two's-complement samples.</summary>
    Bdf,

    /// <summary>BDF+ continuous: BDF with EDF+-style "BDF Annotations" ('reserved' starts with "BDF+C").</summary>
    BdfPlusContinuous,

    /// <summary>BDF+ discontinuous ('reserved' starts with "BDF+D").</summary>
    BdfPlusDiscontinuous,
}
