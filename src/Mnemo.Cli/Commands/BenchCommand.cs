using System.ComponentModel;
using Mnemo.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo bench: measured side by side in one process, as the machine is shared and noisy.</summary>
public sealed class BenchCommand(IAnsiConsole console) : Command<BenchCommand.Settings>
{
    public sealed class Settings : RuntimeSettings
    {
        [CommandOption("--seconds <S>"), Description("Seconds per measurement (default 5).")]
        public double Seconds { get; init; } = 5;

        [CommandOption("--report"), Description("Also time the report of a paper-sized simulated study (4 x 30 runs x 500 epochs x M=10 x K=1024; ~600 MB in a temp folder).")]
        public bool Report { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var device = settings.ResolveDevice();
        console.MarkupLineInterpolated($"device {device.type}, {TorchSharp.torch.get_num_threads()} threads, {settings.Seconds} s per measurement, CPU convolutions: forward oneDNN, backward {NativeSetup.CpuKernels}");
        double peak = Throughput.MatmulGflops(2048, settings.Seconds, device);
        var results = new[]
        {
            Throughput.Network("paper: ResNet-18 W=64, 3x32x32, batch 128", 3, 32, 64, 10, 128, settings.Seconds, device),
            Throughput.Network("demo: ResNet-18 W=8, 1x28x28, batch 128", 1, 28, 8, 10, 128, settings.Seconds, device),
        };
        var table = new Table().AddColumns("network", "train img/s", "eval img/s", "train GFLOP/s", "eval GFLOP/s", "train / peak", "eval / peak");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Name), $"{r.TrainImagesPerSecond:F0}", $"{r.EvalImagesPerSecond:F0}",
                $"{r.TrainGflops:F1}", $"{r.EvalGflops:F1}", $"{r.TrainGflops / peak:P0}", $"{r.EvalGflops / peak:P0}");
        console.Write(table);
        console.MarkupLineInterpolated($"float32 2048x2048 matmul peak: {peak:F1} GFLOP/s");
        if (settings.Report)
            console.WriteLine(AnalysisBenchmark.Run().ToString());
        return 0;
    }
}
