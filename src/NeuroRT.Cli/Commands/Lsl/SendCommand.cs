using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Numerics;
using System.Xml.Linq;
using NeuroRT.Lsl.Clock;
using NeuroRT.Lsl.Config;
using NeuroRT.Lsl.Info;
using NeuroRT.Lsl.Outlet;

namespace NeuroRT.Cli.Commands.Lsl;

/// <summary><c>neurort lsl send</c>: a test-signal LSL outlet, pushed in real time in ~10 ms chunks.</summary>
internal static class SendCommand
{
    /// <summary>Seconds of signal per pushed chunk (what an amplifier typically sends at once).</summary>
    public const double ChunkSeconds = 0.010;

    private sealed record Settings(string Name, string? Type, string Format, int? Channels, double Rate, string Signal, string? SourceId, double? Duration, bool WaitConsumer);

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "name of the stream, as receivers will see it (e.g. TestEEG)", Required = true, HelpName = "NAME" };
        var type = new Option<string?>("--type") { Description = "content type of the stream (default EEG; Markers for --format string)", HelpName = "TYPE" };
        var format = new Option<string>("--format")
        {
            Description = "value format of every channel; string sends event markers s0, s1, ...",
            DefaultValueFactory = _ => "float32",
        };
        format.AcceptOnlyFromAmong("float32", "double64", "int32", "int16", "int8", "int64", "string");
        var channels = new Option<int?>("--channels") { Description = "number of channels (default 8; 1 for --format string)", HelpName = "N" };
        var rate = new Option<double>("--rate")
        {
            Description = "sampling rate in Hz; 0 = irregular: one sample (or marker) per second, as for event streams",
            HelpName = "HZ",
            DefaultValueFactory = _ => 250,
        };
        var signal = new Option<string>("--signal")
        {
            Description = "sine: 10 Hz, amplitude 50 µV, each channel phase-shifted; ramp: sample index + channel index (0-based), to check a receiver " +
                          "gets every sample in order; noise: Gaussian, SD 10 µV, same values every run",
            DefaultValueFactory = _ => "sine",
        };
        signal.AcceptOnlyFromAmong("sine", "ramp", "noise");
        var sourceId = new Option<string?>("--source-id") { Description = "source_id of the stream: receivers reconnect to a restarted sender with the same source_id (default neurort-send-NAME)", HelpName = "ID" };
        var duration = new Option<double?>("--duration") { Description = "stop after this many seconds of signal (default: until Ctrl-C)", HelpName = "SECONDS" };
        var waitConsumer = new Option<bool>("--wait-consumer") { Description = "start the signal only once a receiver is connected (so it gets the very first sample)" };
        var command = new Command("send",
            "send a test signal as a live LSL stream (like an amplifier would), to check receivers, recorders and the network; " +
            "samples go out in real time in chunks of about 10 ms, stamped with this computer's LSL clock; channels are labelled ch1, ch2, ...")
        {
            name, type, format, channels, rate, signal, sourceId, duration, waitConsumer,
        };
        var network = new LslNetworkOptions(command, withKnownPeers: false);
        command.SetAction(r =>
        {
            var config = network.Load(r);
            if (config is null) return ExitCodes.InvalidInput;
            return Execute(config, new Settings(r.GetValue(name)!, r.GetValue(type), r.GetValue(format)!, r.GetValue(channels), r.GetValue(rate),
                r.GetValue(signal)!, r.GetValue(sourceId), r.GetValue(duration), r.GetValue(waitConsumer)));
        });
        return command;
    }

    private static int Execute(LslConfig config, Settings s)
    {
        var format = ChannelFormats.Parse(s.Format);
        bool markers = format == ChannelFormat.String;
        int channels = s.Channels ?? (markers ? 1 : 8);
        if (Invalid(s, channels) is { } problem)
        {
            Console.Error.WriteLine($"error: {problem}");
            return ExitCodes.InvalidInput;
        }

        var kind = Enum.Parse<SignalKind>(s.Signal, ignoreCase: true);
        var info = new LslStreamInfo
        {
            Name = s.Name,
            Type = s.Type ?? (markers ? "Markers" : "EEG"),
            ChannelCount = channels,
            ChannelFormat = format,
            NominalRate = s.Rate,
            SourceId = s.SourceId ?? $"neurort-send-{s.Name}",
        };
        string unit = markers || kind == SignalKind.Ramp ? "" : "microvolts";
        info.SetChannels(Enumerable.Range(1, channels).Select(c => ($"ch{c}", unit, info.Type)).ToList());
        info.Desc.Add(new XElement("manufacturer", "NeuroRT"));
        info.Desc.Add(new XElement("neurort", new XElement("signal", markers ? "markers" : s.Signal)));

        using var stop = new StopSignal();
        LslOutlet outlet;
        try
        {
            outlet = new LslOutlet(info, new LslOutletOptions { Config = config });
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"error: cannot open the LSL ports {config.BasePort}-{config.BasePort + config.PortRange - 1} ({e.SocketErrorCode}: {e.Message}); 'neurort doctor' checks them");
            return ExitCodes.LslFailed;
        }

        using (outlet)
        {
            var served = outlet.Info;
            Console.Error.WriteLine($"sending LSL stream {ReceiveCommand.Describe(served)}: {(markers ? "markers s0, s1, ..." : s.Signal + " signal")}, source_id '{served.SourceId}', session '{served.SessionId}'");
            Console.Error.WriteLine($"uid {served.Uid}; data port TCP {served.V4DataPort}, service port UDP {served.V4ServicePort}, discovery on UDP {config.MulticastPort} (settings: {LslNetworkOptions.Describe(config)})");
            if (s.WaitConsumer)
            {
                Console.Error.WriteLine("waiting for a consumer (a receiver connecting); Ctrl-C stops ...");
                while (!stop.IsStopping && !outlet.WaitForConsumers(0.2)) { }
                if (stop.IsStopping) return ExitCodes.Ok;
            }

            Console.Error.WriteLine(s.Duration is { } d ? $"streaming for {d.ToString("0.###", CultureInfo.InvariantCulture)} s; Ctrl-C stops" : "streaming; Ctrl-C stops");
            ISamplePusher pusher = format switch
            {
                ChannelFormat.String => new MarkerPusher(outlet, channels),
                ChannelFormat.Double64 => new NumericPusher<double>(outlet, kind, channels),
                ChannelFormat.Int32 => new NumericPusher<int>(outlet, kind, channels),
                ChannelFormat.Int16 => new NumericPusher<short>(outlet, kind, channels),
                ChannelFormat.Int8 => new NumericPusher<sbyte>(outlet, kind, channels),
                ChannelFormat.Int64 => new NumericPusher<long>(outlet, kind, channels),
                _ => new NumericPusher<float>(outlet, kind, channels),
            };
            long sent = Stream(outlet, pusher, s, stop);
            if (!stop.IsStopping) stop.Sleep(500); // let the last chunk reach the consumers before the outlet closes
            Console.Error.WriteLine($"stopped: {Status(outlet, sent, s.Rate)}");
        }

        return ExitCodes.Ok;
    }

    // Real-time loop: sample i is due at t0 + i / rate and goes out in the chunk that ends with it.
    private static long Stream(LslOutlet outlet, ISamplePusher pusher, Settings s, StopSignal stop)
    {
        double rate = s.Rate;
        int chunk = rate > 0 ? (int)Math.Clamp(Math.Round(rate * ChunkSeconds), 1, 4096) : 1;
        double period = rate > 0 ? 1 / rate : 1;
        long total = s.Duration is { } d ? (long)Math.Ceiling(d / period - 1e-9) : long.MaxValue;
        var stamps = new double[chunk];
        var seconds = new double[chunk];
        var progress = new ProgressLine();
        double t0 = LslClock.Now;
        long sent = 0;
        while (!stop.IsStopping && sent < total)
        {
            long due = Math.Min(total, (long)Math.Floor((LslClock.Now - t0) / period) + 1);
            while (sent < due)
            {
                int k = (int)Math.Min(chunk, due - sent);
                for (int j = 0; j < k; j++)
                {
                    seconds[j] = (sent + j) * period;
                    stamps[j] = t0 + seconds[j];
                }

                pusher.Push(sent, k, stamps.AsSpan(0, k), seconds.AsSpan(0, k));
                sent += k;
            }

            long shown = sent;
            progress.Update(() => Status(outlet, shown, rate));
            double next = t0 + (sent + chunk - 1) * period;
            int ms = (int)Math.Ceiling((next - LslClock.Now) * 1000);
            stop.Sleep(Math.Clamp(ms, 0, 250));
        }

        progress.Clear();
        return sent;
    }

    private static string Status(LslOutlet outlet, long sent, double rate) =>
        $"{sent:N0} samples sent{(rate > 0 ? $" ({(sent / rate).ToString("0.0", CultureInfo.InvariantCulture)} s)" : "")} | " +
        $"{outlet.ConsumerCount} consumer{(outlet.ConsumerCount == 1 ? "" : "s")} | {outlet.SamplesDropped:N0} dropped";

    private static string? Invalid(Settings s, int channels)
    {
        if (s.Name.Length == 0) return "--name: give the stream a name";
        if (channels < 1 || channels > 65536) return $"--channels {channels}: expected 1 to 65536 channels";
        if (!(s.Rate >= 0) || double.IsInfinity(s.Rate) || s.Rate > 1_000_000) return $"--rate {s.Rate.ToString(CultureInfo.InvariantCulture)}: expected a rate in Hz from 0 (irregular) to 1000000";
        if (s.Duration is { } d && (!(d > 0) || double.IsInfinity(d))) return $"--duration {d.ToString(CultureInfo.InvariantCulture)}: expected a positive number of seconds";
        return null;
    }

    private interface ISamplePusher
    {
        void Push(long first, int count, ReadOnlySpan<double> stamps, ReadOnlySpan<double> seconds);
    }

    private sealed class NumericPusher<T>(LslOutlet outlet, SignalKind kind, int channels) : ISamplePusher where T : unmanaged, INumberBase<T>
    {
        private readonly TestSignal _signal = new(kind, channels);
        private T[] _values = [];

        public void Push(long first, int count, ReadOnlySpan<double> stamps, ReadOnlySpan<double> seconds)
        {
            if (_values.Length < count * channels) _values = new T[count * channels];
            var values = _values.AsSpan(0, count * channels);
            _signal.Fill<T>(values, first, count, seconds);
            outlet.PushChunk<T>(values, stamps);
        }
    }

    private sealed class MarkerPusher(LslOutlet outlet, int channels) : ISamplePusher
    {
        private readonly string[] _values = new string[channels];

        public void Push(long first, int count, ReadOnlySpan<double> stamps, ReadOnlySpan<double> seconds)
        {
            for (int i = 0; i < count; i++)
            {
                for (int c = 0; c < channels; c++) _values[c] = TestSignal.Marker(first + i, c);
                outlet.PushSample(_values, stamps[i], pushthrough: i == count - 1);
            }
        }
    }
}
