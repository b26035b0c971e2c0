using System.Diagnostics.CodeAnalysis;

namespace HashMatch.Cli.Hosting;

/// <summary>Whether this process is the Native AOT executable (docs/packages.md).</summary>
internal static class NativeExecutable
{
    private const string Switch = "HashMatch.Cli.NativeExecutable";

    /// <summary>
    /// True in the native executable: the Native AOT compile sets the switch (ToolPackages.targets) and folds this
    /// property to a constant, so the code of the commands it hands to the framework-dependent build is left out.
    /// Not <c>RuntimeFeature.IsDynamicCodeSupported</c>: the SDK turns that off in every build of a project that
    /// publishes with AOT (to warn early), so the framework-dependent build would hand the command to itself.
    /// </summary>
    [FeatureSwitchDefinition(Switch)]
    public static bool IsRunning => AppContext.TryGetSwitch(Switch, out bool on) && on;
}
