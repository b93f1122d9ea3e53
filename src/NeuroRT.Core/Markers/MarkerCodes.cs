using System.Globalization;
using NeuroRT.Core.Stages;

namespace NeuroRT.Core.Markers;

/// <summary>
/// Turns marker texts (LSL string markers, EDF+ annotation texts) into the numeric codes a marker channel carries,
/// by one rule shared by every source with a <c>marker-names</c> parameter:
/// <list type="number">
/// <item>a text listed in the marker names gets its position in the list, from 1 (<c>[left, right]</c>: left = 1, right = 2);</item>
/// <item>otherwise a text that is a finite number keeps its value (<c>"7"</c> = 7);</item>
/// <item>otherwise the text gets the next code not yet in use (after the listed ones, skipping numbers already seen),
/// in order of first appearance, and keeps it for the rest of the run; with <see cref="UnlistedMarkers.Ignore"/> it is
/// ignored instead (and so is a number that is not listed).</item>
/// </list>
/// Code 0 means "no marker" on a marker channel, so a marker whose number is 0 cannot be seen there: list its text in
/// the names to give it a code. Not thread-safe: one instance per thread that meets markers.
/// </summary>
public sealed class MarkerCodes
{
    private readonly Dictionary<string, float> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<float> _used = [];
    private readonly UnlistedMarkers _unlisted;
    private float _nextCode;

    /// <summary>The rule for <paramref name="names"/> (validated as <see cref="Validate"/> does).</summary>
    public MarkerCodes(IReadOnlyList<string> names, UnlistedMarkers unlisted = UnlistedMarkers.Code)
    {
        Validate(names);
        for (int i = 0; i < names.Count; i++)
        {
            _codes[names[i]] = i + 1;
            _used.Add(i + 1);
        }

        _nextCode = names.Count + 1;
        _unlisted = unlisted;
        Names = names;
    }

    /// <summary>The listed names, in code order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Refuses a list that would make codes ambiguous: a name written twice. Throws
    /// <see cref="StageConfigurationException"/> for the <c>marker-names</c> parameter.
    /// </summary>
    public static void Validate(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
            if (!seen.Add(name))
                throw new StageConfigurationException("marker-names", $"'{name}' is listed twice in marker-names; each marker text may have one code only");
    }

    /// <summary>
    /// The code of <paramref name="text"/>, or false when it is to be ignored (<see cref="UnlistedMarkers.Ignore"/> and not
    /// listed). <paramref name="assigned"/> is true the first time a text gets a code of its own (rule 3), so callers can
    /// report it.
    /// </summary>
    public bool TryGetCode(string text, out float code, out bool assigned)
    {
        assigned = false;
        if (_codes.TryGetValue(text, out code)) return true;
        if (_unlisted == UnlistedMarkers.Ignore) return false;
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out code) && float.IsFinite(code))
        {
            _used.Add(code);
            return true;
        }

        while (_used.Contains(_nextCode)) _nextCode++;
        code = _nextCode;
        _used.Add(code);
        _codes[text] = code;
        assigned = true;
        return true;
    }
}
