using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemo;

/// <summary>
/// Settings libtorch reads from the environment, so they must be in place before its first use.
/// This assembly applies them when it loads; programs call <see cref="Apply"/> first thing, since
/// they may touch torch before any code of this assembly runs.
/// </summary>
public static class NativeSetup
{
    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);

    /// <summary>
    /// On this project's machines (AMD EPYC with AVX-512 in a VM, libtorch 2.10 CPU), oneDNN's
    /// convolution backward gave NaN weight gradients with 2 threads: 20 of 150 small ResNet backward
    /// passes with AVX-512, 31 of 450 capped at AVX2, and 0 of 450 capped at AVX2 with oneDNN's
    /// primitive cache off (the cached primitives are where the fault lives: once it appears, a
    /// process keeps producing it). Both are the defaults; the cache costs up to ~30% of throughput
    /// on the small CPU networks. A user's own environment variables win.
    /// (.NET's Environment.SetEnvironmentVariable does not reach native code, hence setenv.)
    /// </summary>
    /// <para>OpenMP threads that spin while waiting are fast on an idle machine and ruinous on a
    /// shared one (CI, a Slurm node running several tasks, this machine's other users): under a load of
    /// 5 on 2 cores a SimCLR step took 5.0 s spinning and 0.85 s with OMP_WAIT_POLICY=PASSIVE.</para>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        Default("ONEDNN_MAX_CPU_ISA", "AVX2");
        Default("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0");
        Default("OMP_WAIT_POLICY", "PASSIVE");
    }

    static void Default(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
            setenv(name, value, 0);
    }

#pragma warning disable CA2255 // a library initializer on purpose: the setting must precede any torch call
    [ModuleInitializer]
    internal static void OnLoad() => Apply();
#pragma warning restore CA2255
}
