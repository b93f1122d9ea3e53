using NeuroRT.Plugins;

[assembly: PluginSdkVersion(1, 0)]
