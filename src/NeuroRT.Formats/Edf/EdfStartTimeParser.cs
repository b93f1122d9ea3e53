using L = NeuroRT.Formats.Edf.EdfHeaderLayout;

namespace NeuroRT.Formats.Edf;

/// <summary>
/// Works out the recording start from 'startdate of recording' (dd.mm.yy, bytes 168-175) and
/// 'starttime of recording' (hh.mm.ss, bytes 176-183).
/// </summary>
/// <remarks>
/// The two-digit year is clipped as the EDF spec says: 85-99 are 1985-1999, 00-84 are 2000-2084. EDF+ files also
/// carry the 4-digit year in the recording identification ("Startdate dd-MMM-yyyy ...", EDF+ spec 2.1.3.2), which
/// wins when present; after 2084 EDF+ writes the literal "yy" in the header date, which is then only valid with it.
/// Calendar-impossible values (e.g. the "00.00.00" some anonymisers write) do not stop the data from being read:
/// they give <see cref="DateTime.MinValue"/> and a warning. Non-digits in the fields are a corrupt header.
/// </remarks>
internal static class EdfStartTimeParser
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    public static DateTime Parse(string path, EdfHeaderFieldReader fields, string recordingId, bool isPlus, List<string> warnings)
    {
        string date = fields.Text(L.StartDate);
        string time = fields.Text(L.StartTime);
        int? plusYear = null;
        int? plusMonth = null;
        int? plusDay = null;
        if (isPlus)
        {
            ParsePlusStartdate(path, recordingId, warnings, out plusDay, out plusMonth, out plusYear);
        }

        bool literalYy = date.Length == 8 && date[6] == 'y' && date[7] == 'y';
        if (!TryParseTriplet(date, allowLiteralYyAtEnd: plusYear is not null, out int day, out int month, out int yy))
        {
            throw fields.Error(L.StartDate.Name, L.StartDate.Offset, L.StartDate.Width, null, null,
                $"is '{date}', expected dd.mm.yy (two digits each, separated by '.')", fields.CorruptHint);
        }

        if (!TryParseTriplet(time, allowLiteralYyAtEnd: false, out int hour, out int minute, out int second))
        {
            throw fields.Error(L.StartTime.Name, L.StartTime.Offset, L.StartTime.Width, null, null,
                $"is '{time}', expected hh.mm.ss (two digits each, separated by '.')", fields.CorruptHint);
        }

        int year = plusYear ?? (yy >= 85 ? 1900 + yy : 2000 + yy);
        if (plusYear is not null && !literalYy && (plusDay != day || plusMonth != month || plusYear % 100 != yy))
        {
            warnings.Add($"{path}: the EDF+ 'Startdate' in 'local recording identification' (bytes 88-167) gives {plusDay:00}-{MonthNames[plusMonth!.Value - 1]}-{plusYear}, " +
                $"but 'startdate of recording' (bytes 168-175) is '{date}'; the year {plusYear} of the former is used with the day and month of the latter.");
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            warnings.Add($"{path}: 'startdate of recording' / 'starttime of recording' (bytes 168-183) are '{date}' '{time}', which is not a real date and time; " +
                "StartTime is DateTime.MinValue (unknown). Samples and annotations are unaffected; they are relative to the file start.");
            return DateTime.MinValue;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
    }

    /// <summary>"dd.mm.yy" / "hh.mm.ss": three two-digit numbers separated by '.'.</summary>
    private static bool TryParseTriplet(string text, bool allowLiteralYyAtEnd, out int first, out int second, out int third)
    {
        first = second = third = 0;
        if (text.Length != 8 || text[2] != '.' || text[5] != '.')
        {
            return false;
        }

        if (!TwoDigits(text, 0, out first) || !TwoDigits(text, 3, out second))
        {
            return false;
        }

        if (allowLiteralYyAtEnd && text[6] == 'y' && text[7] == 'y')
        {
            third = 0;
            return true;
        }

        return TwoDigits(text, 6, out third);
    }

    private static bool TwoDigits(string text, int at, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(text[at]) || !char.IsAsciiDigit(text[at + 1]))
        {
            return false;
        }

        value = (text[at] - '0') * 10 + (text[at + 1] - '0');
        return true;
    }

    /// <summary>Reads "Startdate dd-MMM-yyyy" from the start of an EDF+ recording identification; "Startdate X" means unknown.</summary>
    private static void ParsePlusStartdate(string path, string recordingId, List<string> warnings, out int? day, out int? month, out int? year)
    {
        day = month = year = null;
        const string prefix = "Startdate ";
        if (!recordingId.StartsWith(prefix, StringComparison.Ordinal))
        {
            warnings.Add($"{path}: 'local recording identification' (bytes 88-167) does not start with 'Startdate ', as EDF+ requires (spec 2.1.3.2); " +
                "the start year is taken from the two-digit 'startdate of recording'.");
            return;
        }

        string rest = recordingId[prefix.Length..];
        if (rest.StartsWith('X') && (rest.Length == 1 || rest[1] == ' '))
        {
            return; // "Startdate X": date unknown, the header date stands
        }

        int monthIndex = rest.Length >= 11 ? Array.IndexOf(MonthNames, rest.Substring(3, 3).ToUpperInvariant()) : -1;
        if (rest.Length < 11 || rest[2] != '-' || rest[6] != '-' || (rest.Length > 11 && rest[11] != ' ') || monthIndex < 0
            || !TwoDigits(rest, 0, out int d) || !TwoDigits(rest, 7, out int centuries) || !TwoDigits(rest, 9, out int years))
        {
            warnings.Add($"{path}: the EDF+ 'Startdate' in 'local recording identification' (bytes 88-167) is '{recordingId}', expected 'Startdate dd-MMM-yyyy' or 'Startdate X'; " +
                "the start year is taken from the two-digit 'startdate of recording'.");
            return;
        }

        day = d;
        month = monthIndex + 1;
        year = centuries * 100 + years;
    }
}
