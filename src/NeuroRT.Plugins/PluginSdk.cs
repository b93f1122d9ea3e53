namespace NeuroRT.Plugins;

/// <summary>
/// The SDK's version. A plugin declares the version it was built against with <see cref="PluginSdkVersionAttribute"/>;
/// the host loads it when the majors are equal and the plugin's minor is not newer than the host's.
/// Minor versions only add; a major version is a break.
/// </summary>
public static class PluginSdk
{
    /// <summary>Major version: changes only when a contract breaks.</summary>
    public const int Major = 1;

    /// <summary>Minor version: additions that keep every older plugin working.</summary>
    public const int Minor = 0;
}

/// <summary>Declares, on the plugin assembly, the SDK version it was built against: <c>[assembly: PluginSdkVersion(1, 0)]</c>.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PluginSdkVersionAttribute(int major, int minor) : Attribute
{
    /// <summary>SDK major version.</summary>
    public int Major { get; } = major;

    /// <summary>SDK minor version.</summary>
    public int Minor { get; } = minor;
}
