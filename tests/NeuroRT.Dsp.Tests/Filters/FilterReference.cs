using System.Text.Json;
using NeuroRT.Dsp.Filters;

namespace NeuroRT.Dsp.Tests.Filters;

/// <summary>SciPy's designs and filtered signals from tools/reference/filter_reference.py (Fixtures/filter_reference.json).</summary>
internal static class FilterReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter_reference.json"))).RootElement);

    public static JsonElement Designs => Root.Value.GetProperty("designs");

    public static JsonElement Notches => Root.Value.GetProperty("notches");

    public static JsonElement Filtered => Root.Value.GetProperty("filtered");

    public static JsonElement Signal => Root.Value.GetProperty("signal");

    public static (float[] Values, int Samples, int Channels, double Fs) Input()
    {
        var s = Signal;
        var bytes = Convert.FromBase64String(s.GetProperty("float32").GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return (values, s.GetProperty("samples").GetInt32(), s.GetProperty("channels").GetInt32(), s.GetProperty("fs").GetDouble());
    }

    public static float[] Output(JsonElement filtered)
    {
        var bytes = Convert.FromBase64String(filtered.GetProperty("output").GetString()!);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static FilterFamily Family(string name) => name switch
    {
        "butterworth" => FilterFamily.Butterworth,
        "chebyshev1" => FilterFamily.ChebyshevI,
        _ => FilterFamily.ChebyshevII,
    };

    public static BandType Band(string name) => name switch
    {
        "lowpass" => BandType.LowPass,
        "highpass" => BandType.HighPass,
        "bandpass" => BandType.BandPass,
        _ => BandType.BandStop,
    };

    /// <summary>Our design for a reference entry.</summary>
    public static SecondOrderSections Design(JsonElement d)
    {
        var freqs = d.GetProperty("frequencies").EnumerateArray().Select(f => f.GetDouble()).ToArray();
        double ripple = d.GetProperty("ripple").ValueKind == JsonValueKind.Number ? d.GetProperty("ripple").GetDouble() : 1;
        double attenuation = d.GetProperty("attenuation").ValueKind == JsonValueKind.Number ? d.GetProperty("attenuation").GetDouble() : 40;
        return FilterDesign.Design(Family(d.GetProperty("family").GetString()!), Band(d.GetProperty("type").GetString()!), d.GetProperty("order").GetInt32(),
            freqs, d.GetProperty("fs").GetDouble(), ripple, attenuation);
    }
}
