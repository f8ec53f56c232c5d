using System.ComponentModel;
using System.Globalization;
using Mnemo.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo bench: measured side by side in one run, as the machine is shared and noisy.</summary>
public sealed class BenchCommand(IAnsiConsole console) : Command<BenchCommand.Settings>
{
    public sealed class Settings : RuntimeSettings
    {
        [CommandOption("--seconds <S>"), Description("Seconds per measurement (default 3).")]
        public double Seconds { get; init; } = 3;

        [CommandOption("--pytorch"), Description("Side by side with Debian's PyTorch (installed if absent) on the same networks, batch, input and threads, rounds alternating.")]
        public bool PyTorch { get; init; }

        [CommandOption("--rounds <R>"), Description("With --pytorch: rounds per side; medians are compared (default 3).")]
        public int Rounds { get; init; } = 3;

        [CommandOption("--thread-counts <LIST>"), Description("With --pytorch: thread counts to compare at (default 1 and all cores).")]
        public string? ThreadCounts { get; init; }

        [CommandOption("--census <STEPS>"), Description("Count non-finite losses and gradients over STEPS of Mnemo's own training steps per paradigm, on the kernels training uses (is this CPU sound?).")]
        public int? Census { get; init; }

        [CommandOption("--report"), Description("Also time the report of a paper-sized simulated study (4 x 30 runs x 500 epochs x M=10 x K=1024; ~600 MB in a temp folder).")]
        public bool Report { get; init; }

        public override ValidationResult Validate()
        {
            if (!(Seconds > 0)) return ValidationResult.Error("--seconds must be positive");
            if (Rounds < 1) return ValidationResult.Error("--rounds must be at least 1");
            if (Census is < 1) return ValidationResult.Error("--census must be at least 1 step");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        console.MarkupLineInterpolated($"device {device.type}, {TorchSharp.torch.get_num_threads()} threads, {settings.Seconds} s per measurement, CPU convolutions: forward oneDNN, backward {NativeSetup.CpuKernels}; {NativeSetup.Allocator}");
        if (settings.Census is int steps) Census(steps, device);
        else if (settings.PyTorch) ComparePyTorch(settings, device);
        else Mnemo(settings, device);
        if (settings.Report)
            console.WriteLine(AnalysisBenchmark.Run().ToString());
        return 0;
    }

    void Mnemo(Settings settings, TorchSharp.torch.Device device)
    {
        double peak = Throughput.MatmulGflops(2048, settings.Seconds, device);
        var table = new Table().AddColumns("case", "img/s", "GFLOP/s", "of matmul peak");
        foreach (var c in BenchCase.Standard)
        {
            double rate = Throughput.ImagesPerSecond(c, settings.Seconds, device);
            table.AddRow(c.Name, $"{rate:F0}", $"{c.GflopsAt(rate):F1}", $"{c.GflopsAt(rate) / peak:P0}");
        }
        console.Write(table);
        console.MarkupLineInterpolated($"float32 2048x2048 matmul peak: {peak:F1} GFLOP/s; batch 128 (SimCLR: 2 x 128 views), random data");
    }

    void Census(int steps, TorchSharp.torch.Device device)
    {
        var results = KernelCensus.Run(steps, device, say: line => console.MarkupLineInterpolated($"[grey]{line}[/]"));
        var table = new Table().AddColumns("paradigm", "training steps", "non-finite loss", "non-finite gradients");
        foreach (var r in results)
            table.AddRow(r.Paradigm, r.Steps.ToString(CultureInfo.InvariantCulture), r.NonFiniteLosses.ToString(CultureInfo.InvariantCulture),
                r.NonFiniteGradients.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        int bad = results.Sum(r => r.NonFiniteGradients + r.NonFiniteLosses);
        console.MarkupLine((bad == 0 ? "[green]sound[/]" : "[red]not sound[/]") + $": {bad} non-finite in {results.Sum(r => r.Steps)} steps");
        if (bad > 0) throw new MnemoException($"{bad} training steps gave non-finite values on these kernels (see README, Platform notes)");
    }

    void ComparePyTorch(Settings settings, TorchSharp.torch.Device device)
    {
        if (device.type != TorchSharp.DeviceType.CPU) throw new MnemoException("--pytorch compares CPU kernels: use --device cpu");
        int[] threads = settings.ThreadCounts is null
            ? [.. new[] { 1, Environment.ProcessorCount }.Distinct()]
            : [.. settings.ThreadCounts.Split(',', StringSplitOptions.TrimEntries).Select(t =>
                int.TryParse(t, out int n) && n >= 1 ? n : throw new MnemoException($"--thread-counts: '{t}' is not a thread count"))];
        PyTorchComparison.EnsurePyTorch(line => console.WriteLine(line));
        var results = PyTorchComparison.Run(BenchCase.Standard, threads, settings.Seconds, settings.Rounds, device,
            line => console.MarkupLineInterpolated($"[grey]bench: {line}[/]"));
        var table = new Table().AddColumns("case", "threads", "Mnemo img/s", "PyTorch img/s", "Mnemo / PyTorch", "round by round", "Mnemo GFLOP/s", "of matmul peak");
        foreach (int t in threads)
        {
            TorchSharp.torch.set_num_threads(t);
            double peak = Throughput.MatmulGflops(2048, settings.Seconds, device);
            foreach (var r in results.Where(r => r.Threads == t))
                table.AddRow(r.Case.Name, t.ToString(CultureInfo.InvariantCulture), $"{r.Mnemo:F0}", $"{r.PyTorch:F0}", $"{r.Ratio:F2}",
                    $"{r.PairRatios.Min():F2}-{r.PairRatios.Max():F2}",
                    $"{r.Case.GflopsAt(r.Mnemo):F1}", $"{r.Case.GflopsAt(r.Mnemo) / peak:P0}");
            console.MarkupLineInterpolated($"{t} thread{(t > 1 ? "s" : "")}: float32 2048x2048 matmul peak {peak:F1} GFLOP/s");
        }
        console.Write(table);
        console.WriteLine($"medians of {settings.Rounds} alternating rounds of {settings.Seconds} s per case and side (round by round: the lowest and highest ratio of a Mnemo round to the PyTorch round after it); PyTorch: {PyTorchComparison.Python} (Debian's python3-torch), OMP_WAIT_POLICY and malloc as here");
    }
}
