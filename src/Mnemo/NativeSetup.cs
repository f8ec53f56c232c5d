using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemo;

/// <summary>
/// Native settings Mnemo makes for libtorch on CPU: the OpenMP wait policy (read from the environment,
/// so before libtorch loads: this assembly applies it when it loads, programs call <see cref="Apply"/>
/// first thing) and which convolution kernels ATen uses (<see cref="ChooseCpuKernels"/>, once libtorch is loaded).
/// oneDNN's own settings (ONEDNN_MAX_CPU_ISA, ONEDNN_VERBOSE=1 to see the kernels) must likewise be in the
/// environment before the first convolution; a value set later is ignored.
/// </summary>
public static class NativeSetup
{
    [DllImport("libc", SetLastError = true)]
    static extern int setenv(string name, string value, int overwrite);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    static extern IntPtr GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("torch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>
    /// OpenMP threads that spin while waiting are fast on an idle machine and ruinous on a shared one (CI, a
    /// Slurm node running several tasks): under a load of 5 on 2 cores a SimCLR step took 5.0 s spinning and
    /// 0.85 s with OMP_WAIT_POLICY=PASSIVE. A user's own value wins.
    /// (.NET's Environment.SetEnvironmentVariable does not reach native code, hence setenv.)
    /// </summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    /// <summary>
    /// Whether CPU convolutions' backward passes run on oneDNN: yes by default; no with MNEMO_ONEDNN=forward (oneDNN
    /// forward passes, ATen's im2col + BLAS backward: round 1's workaround) or MNEMO_ONEDNN=0, or once this process
    /// fell back (<see cref="FallBackToAtenBackward"/>). Round 1 saw oneDNN's convolution backward give NaN gradients
    /// on its machines (AMD EPYC with AVX-512, in a VM), sticking to a process once it appeared; on this project's
    /// later machines (AMD EPYC Zen 2, AVX2) 13,450 of Mnemo's training steps on oneDNN throughout, two processes at
    /// once among them, gave none (README, "Platform notes"), and it trains 1.3-1.5 times as fast as the split.
    /// </summary>
    public static bool OneDnnBackward => Environment.GetEnvironmentVariable("MNEMO_ONEDNN") is not ("forward" or "0") && !fellBack;

    static volatile bool fellBack;

    /// <summary>Sets the kernels <see cref="OneDnnBackward"/> says, and turns NNPACK off (it only warns on every call
    /// that it cannot run here). Idempotent; nothing to do on builds without these symbols.</summary>
    public static void ChooseCpuKernels()
    {
        if (Context() is not IntPtr context) return;
        SetUserEnabledMkldnn(context, OneDnnBackward);
        SetUserEnabledNnpack(context, false);
    }

    /// <summary>
    /// ATen's backward kernels for the rest of this process (forward passes keep oneDNN, <see cref="ForwardKernels"/>),
    /// after a step gave non-finite values behind oneDNN's backward: the fault round 1 saw. False when the process
    /// was not on oneDNN's backward, so there is nothing to fall back from.
    /// </summary>
    public static bool FallBackToAtenBackward()
    {
        if (!OneDnnBackward || Context() is not IntPtr context) return false;
        fellBack = true;
        SetUserEnabledMkldnn(context, false);
        return true;
    }

    /// <summary>Undoes <see cref="FallBackToAtenBackward"/>: after a run that stayed non-finite on ATen's kernels too
    /// (its own divergence, not oneDNN's fault), and for tests that try the fall-back in a process others share.</summary>
    public static void UndoFallBack()
    {
        fellBack = false;
        ChooseCpuKernels();
    }

    /// <summary>The malloc this process runs on: tcmalloc or jemalloc when preloaded (the mnemo script preloads tcmalloc), else glibc's.</summary>
    public static string Allocator
    {
        get
        {
            string maps = OperatingSystem.IsLinux() ? File.ReadAllText("/proc/self/maps") : "";
            return maps.Contains("libtcmalloc", StringComparison.Ordinal) ? "tcmalloc"
                : maps.Contains("libjemalloc", StringComparison.Ordinal) ? "jemalloc"
                : OperatingSystem.IsLinux() ? "glibc malloc" : "the system's malloc";
        }
    }

    /// <summary>What a fault report needs to say about the host.</summary>
    public static string CpuDescription =>
        $"{Environment.ProcessorCount} cores, AVX-512 {(System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "yes" : "no")}, " +
        $"ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? "(default)"}";

    /// <summary>
    /// oneDNN for forward passes, training ones included, while the backward runs on ATen's kernels (libtorch picks a
    /// convolution's backward kernels when the backward runs, not when the forward did): a no-op unless the backward
    /// is on ATen (<see cref="OneDnnBackward"/> false). oneDNN's forward matched ATen's in 200 of 200 trained
    /// ResNet-18s (largest relative difference 3e-7); ATen's forward is the slow part of ATen-only training.
    /// Restores the previous choice when disposed; a no-op on GPUs. Not for use while another thread runs a
    /// backward pass in this process.
    /// </summary>
    public static IDisposable ForwardKernels(TorchSharp.torch.Device device)
    {
        if (device.type != TorchSharp.DeviceType.CPU || Context() is not IntPtr context || UserEnabledMkldnn(context))
            return new Restore(null);
        SetUserEnabledMkldnn(context, true);
        return new Restore(() => SetUserEnabledMkldnn(context, false));
    }

    sealed class Restore(Action? undo) : IDisposable
    {
        public void Dispose() => undo?.Invoke();
    }

    /// <summary>Which kernels CPU convolutions use now, for benchmarks and logs to say.</summary>
    public static string CpuKernels => Context() is not IntPtr context ? "unknown"
        : UserEnabledMkldnn(context) ? "oneDNN" : AtenKernels;

    public const string AtenKernels = "ATen im2col + BLAS (oneDNN off)";

    // libtorch's global at::Context, or null where these C++ symbols cannot be reached (not Linux, another libtorch).
    // Found once: training asks for it at every step (ForwardKernels).
    static IntPtr? Context() => context.Value;

    static readonly Lazy<IntPtr?> context = new(FindContext);

    static IntPtr? FindContext()
    {
        if (!OperatingSystem.IsLinux()) return null;
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch, so torch_cpu resolves to the same library
        try { return GlobalContext(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

#pragma warning disable CA2255 // a library initializer on purpose: the setting must precede any torch call
    [ModuleInitializer]
    internal static void OnLoad() => Apply();
#pragma warning restore CA2255
}
