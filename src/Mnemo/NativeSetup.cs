using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemo;

/// <summary>
/// Settings libtorch reads from the environment once, at its first use, so they are set when this
/// assembly loads, before any torch call.
/// </summary>
static class NativeSetup
{
    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);

    /// <summary>
    /// On this project's machines (AMD EPYC with AVX-512, libtorch 2.10 CPU), oneDNN's AVX-512
    /// convolution backward gave NaN weight gradients in about a third of calls with 2 threads, and
    /// never with 1 thread or with oneDNN capped at AVX2. The cap is the default here; a user's own
    /// ONEDNN_MAX_CPU_ISA wins. (.NET's Environment.SetEnvironmentVariable does not reach native code.)
    /// </summary>
#pragma warning disable CA2255 // this library is the only way torch is reached here, and the setting must precede torch
    [ModuleInitializer]
    internal static void CapOneDnnIsa()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is null)
            setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 0);
    }
#pragma warning restore CA2255
}
