using NeuroRT.Core.Markers;
using NeuroRT.Core.Stages;

namespace NeuroRT.Core.Tests.Markers;

public sealed class MarkerCodesTests
{
    private static float Code(MarkerCodes codes, string text)
    {
        Assert.True(codes.TryGetCode(text, out float code, out _));
        return code;
    }

    [Fact]
    public void Listed_texts_get_their_position_from_1_and_numbers_keep_their_value()
    {
        var codes = new MarkerCodes(["left", "right"]);
        Assert.Equal(2, Code(codes, "right"));
        Assert.Equal(1, Code(codes, "left"));
        Assert.Equal(7, Code(codes, "7"));
        Assert.Equal(-2.5f, Code(codes, "-2.5"));
    }

    [Fact]
    public void A_listed_number_gets_its_position_not_its_value()
    {
        Assert.Equal(1, Code(new MarkerCodes(["5"]), "5"));
    }

    [Fact]
    public void Other_texts_get_the_next_free_code_once_and_keep_it()
    {
        var codes = new MarkerCodes(["left", "right"]);
        Assert.True(codes.TryGetCode("rest", out float rest, out bool assigned));
        Assert.Equal((3f, true), (rest, assigned));
        Assert.Equal(4, Code(codes, "blink"));
        Assert.True(codes.TryGetCode("rest", out rest, out assigned));
        Assert.Equal((3f, false), (rest, assigned));
    }

    [Fact]
    public void The_next_free_code_skips_numbers_already_seen()
    {
        var codes = new MarkerCodes(["left"]);
        Assert.Equal(2, Code(codes, "2"));
        Assert.Equal(3, Code(codes, "rest"));
    }

    [Fact]
    public void Texts_that_are_not_finite_numbers_are_texts()
    {
        var codes = new MarkerCodes([]);
        Assert.Equal(1, Code(codes, "NaN"));
        Assert.Equal(2, Code(codes, "Infinity"));
    }

    [Fact]
    public void Ignore_keeps_only_the_listed_texts()
    {
        var codes = new MarkerCodes(["T1", "T2"], UnlistedMarkers.Ignore);
        Assert.Equal(2, Code(codes, "T2"));
        Assert.False(codes.TryGetCode("T0", out _, out _));
        Assert.False(codes.TryGetCode("3", out _, out _));
    }

    [Fact]
    public void A_name_listed_twice_is_refused_for_marker_names()
    {
        var e = Assert.Throws<StageConfigurationException>(() => new MarkerCodes(["a", "b", "a"]));
        Assert.Equal("marker-names", e.Parameter);
        Assert.Contains("'a' is listed twice", e.Message);
    }
}
