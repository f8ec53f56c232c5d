using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mnemo;

/// <summary>
/// Native settings Mnemo makes for libtorch on CPU: the OpenMP wait policy (read from the environment,
/// so before libtorch loads: this assembly applies it when it loads, programs call <see cref="Apply"/>
/// first thing) and which convolution kernels ATen uses (<see cref="ChooseCpuKernels"/>, once libtorch is loaded).
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

    /// <summary>True when the user asked for oneDNN's CPU kernels back (MNEMO_ONEDNN=1).</summary>
    public static bool OneDnnRequested => Environment.GetEnvironmentVariable("MNEMO_ONEDNN") == "1";

    /// <summary>
    /// Turns off oneDNN (and NNPACK, which only warns on every call that it cannot run here) so CPU
    /// convolutions' backward passes run on ATen's own im2col + BLAS kernels (forward passes take oneDNN
    /// back through <see cref="ForwardKernels"/>). On this project's machines (AMD EPYC with
    /// AVX-512 in a VM, libtorch 2.10) oneDNN's convolution backward returns NaN now and then (in the
    /// gradient with respect to a 3x3 convolution's input): 77 of 300 small ResNet backward passes with its
    /// defaults; capped at AVX2 with its primitive cache off, 0 of 300 in a fresh process but still 4 of 164
    /// tests failing on NaN in CI. With oneDNN off: 0 of 3,300 passes, three processes at once among them.
    /// Where oneDNN's backward works, MNEMO_ONEDNN=1 keeps it on throughout (about 1.3 times as fast again).
    /// Idempotent; nothing to do on builds without these symbols.
    /// </summary>
    public static void ChooseCpuKernels()
    {
        if (Context() is not IntPtr context) return;
        SetUserEnabledMkldnn(context, OneDnnRequested);
        SetUserEnabledNnpack(context, false);
    }

    /// <summary>
    /// oneDNN for forward passes, training ones included; the backward pass that follows runs on ATen's kernels
    /// once this is disposed, because libtorch picks a convolution's backward kernels when the backward runs.
    /// oneDNN's fault is in its backward: its forward matched ATen's in 200 of 200 trained ResNet-18s (largest
    /// relative difference 3e-7, no NaN), and oneDNN forward + ATen backward gave 0 NaN in 6,000 passes (two
    /// processes at once among them), gradients differing from ATen's only as much as a 1e-6 change of the input
    /// moves them. It trains the demo network 2-3 times as fast as ATen alone (ATen's forward is the slow part).
    /// Restores the previous choice when disposed; a no-op on GPUs and where oneDNN is on anyway.
    /// Not for use while another thread runs a backward pass in this process.
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
        : UserEnabledMkldnn(context) ? "oneDNN" : "ATen im2col + BLAS (oneDNN off)";

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
