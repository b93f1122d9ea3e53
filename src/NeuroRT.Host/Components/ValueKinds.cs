using NeuroRT.Core.Configuration;

namespace NeuroRT.Host.Components;

/// <summary>The parameter property types pipeline files can set, and how each is described to people.</summary>
public static class ValueKinds
{
    /// <summary>True for property types the binder can fill.</summary>
    public static bool IsSupported(Type t) =>
        t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(string) ||
        t.IsEnum || t == typeof(string[]) || t == typeof(int[]) || t == typeof(double[]) || t == typeof(double[][]) || t == typeof(KeyValuePair<string, string[]>[]);

    /// <summary>A short phrase for the value a parameter takes.</summary>
    public static string Describe(Type t, ParameterAttribute a)
    {
        if (a.InputFile) return "a file path (relative to the pipeline file)";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(int) || t == typeof(long)) return "a whole number";
        if (t == typeof(double)) return Quantities.Example(a.Quantity);
        if (t == typeof(string)) return "a text";
        if (t.IsEnum) return "one of " + string.Join(", ", EnumNames(t));
        if (t == typeof(string[])) return "a list of names such as [C3, C4]";
        if (t == typeof(int[])) return "a list of whole numbers such as [1, 2]";
        if (t == typeof(double[])) return "a list of numbers such as [1, 2.5]";
        if (t == typeof(double[][])) return "a list of rows such as [[1, -1], [-1, 1]]";
        if (t == typeof(KeyValuePair<string, string[]>[])) return "a mapping of names to lists of names such as {left: [l0, l1], right: [r0, r1]}";
        return t.Name;
    }

    /// <summary>The names an enum is written with in pipeline files (kebab-case).</summary>
    public static IReadOnlyList<string> EnumNames(Type t)
    {
        var names = new List<string>();
        foreach (string n in Enum.GetNames(t)) names.Add(KebabCase(n));
        return names;
    }

    /// <summary><c>JsonLines</c> to <c>json-lines</c>.</summary>
    public static string KebabCase(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) chars.Append('-');
            chars.Append(char.ToLowerInvariant(name[i]));
        }
        return chars.ToString();
    }
}
