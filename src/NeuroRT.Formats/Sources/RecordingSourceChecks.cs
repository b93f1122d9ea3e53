using NeuroRT.Core.Markers;
using NeuroRT.Core.Rings;
using NeuroRT.Core.Stages;
using NeuroRT.Core.Streams;
using NeuroRT.Core.Time;

namespace NeuroRT.Formats.Sources;

/// <summary>
/// What every recording source (edf, brainvision, xdf) checks and does the same way: the marker options, picking
/// channels by name, the marker channel's name, and handing a chunk to the ring. The replay options are checked by
/// <see cref="RecordingSource"/>.
/// </summary>
internal static class RecordingSourceChecks
{
    /// <summary>Checks the marker options; returns the marker codes. <paramref name="exampleNames"/> goes into a message, e.g. "[T1, T2]".</summary>
    public static MarkerCodes CheckMarkerOptions(string markers, string[] markerNames, UnlistedMarkers unlisted, string exampleNames)
    {
        if (markers.Length == 0 && markerNames.Length > 0)
            throw new StageConfigurationException("marker-names", "marker-names gives the markers' codes on the marker channel: name that channel with markers, e.g. markers: events");
        if (markers.Length == 0 && unlisted != UnlistedMarkers.Code)
            throw new StageConfigurationException("unlisted-markers", "unlisted-markers applies to the marker channel: name it with markers, e.g. markers: events");
        if (unlisted == UnlistedMarkers.Ignore && markerNames.Length == 0)
            throw new StageConfigurationException("unlisted-markers", $"unlisted-markers: ignore keeps only the texts in marker-names, and none are listed; list them, e.g. marker-names: {exampleNames}");
        return new MarkerCodes(markerNames, unlisted);
    }

    /// <summary>
    /// The positions in <paramref name="available"/> of the channels <paramref name="names"/> (loose matching, as
    /// everywhere); an unknown name is an error on <c>channels</c> naming the file, with a suggestion.
    /// <paramref name="what"/> is what the file calls a channel ("signal", "channel").
    /// </summary>
    public static int[] Pick(string path, IReadOnlyList<ChannelInfo> available, string[] names, string what)
    {
        var lookup = new StreamFormat(Path.GetFileName(path), available, 1);
        var picked = new int[names.Length];
        for (int k = 0; k < names.Length; k++)
        {
            int i;
            try { i = ChannelNames.Find(lookup, names[k]); }
            catch (ArgumentException e) { throw new StageConfigurationException("channels", e.Message); }
            if (i < 0)
                throw new StageConfigurationException("channels", $"'{path}' has no {what} '{names[k]}'{ChannelNames.DidYouMean(lookup, names[k])}; available: {lookup.DescribeChannels(80)}");
            picked[k] = i;
        }

        return picked;
    }

    /// <summary>The marker channel must not be mistaken for a data channel: names match loosely (C3 = 'C3..').</summary>
    public static void CheckMarkerName(string path, IReadOnlyList<ChannelInfo> data, string markers, string what)
    {
        foreach (var c in data)
            if (ChannelNames.Normalize(c.Name) == ChannelNames.Normalize(markers))
                throw new StageConfigurationException("markers", $"'{path}' already has a {what} '{c.Name}', which the name '{markers}' would match; give the marker channel another name, e.g. markers: events");
    }

    /// <summary>Hands one chunk to the ring: in real time it never waits (the ring counts what it loses), in a fast replay it waits for room. False when cancelled.</summary>
    public static bool Push(SampleRing ring, ReadOnlySpan<float> values, ReadOnlySpan<double> times, bool realTime, CancellationToken cancel)
    {
        long arrival = LocalClock.Ticks;
        if (realTime)
        {
            ring.Write(values, times, arrival);
            return true;
        }

        return ring.WriteWaiting(values, times, arrival, cancel);
    }
}
