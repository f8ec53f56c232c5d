using System.ComponentModel;
using System.Globalization;
using Mnemo.Cluster;
using Mnemo.Data;
using Mnemo.Study;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mnemo.Cli.Commands;

/// <summary>mnemo estimate: the compute a study's settings ask for, and the GPU time at an assumed throughput.</summary>
public sealed class EstimateCommand(IAnsiConsole console) : Command<EstimateCommand.Settings>
{
    public sealed class Settings : StudySettings
    {
        [CommandOption("--tflops <X>"), Description("Assumed effective TFLOP/s of one GPU (default 40: an A100-class GPU, TF32 convolutions).")]
        public double Tflops { get; init; } = StudyEstimate.AssumedTflops;

        [CommandOption("--gpus <G>"), Description("GPUs training runs in parallel, for the wall time (default 1).")]
        public int Gpus { get; init; } = 1;

        public override ValidationResult Validate()
        {
            if (!(Tflops > 0)) return ValidationResult.Error("--tflops must be positive");
            if (Gpus < 1) return ValidationResult.Error("--gpus must be at least 1");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancel)
    {
        var options = settings.ToOptions();
        var folder = new StudyFolder(settings.OutDir);
        StudyConfig config;
        DataShape data;
        if (settings.Out is not null && folder.Exists)
        {
            config = options.ApplyTo(folder.ReadManifest().Config);
            data = DataShape.Of(config.Data);
        }
        else
        {
            string preset = options.Preset ?? "demo";
            data = DataShape.Of(options.Data ?? Presets.Get(preset, 10).Data);
            config = options.ApplyTo(Presets.Get(preset, data.Classes));
        }
        var estimate = StudyEstimate.For(config, data);
        Render(console, estimate, settings.Tflops, settings.Gpus);
        return 0;
    }

    internal static void Render(IAnsiConsole console, StudyEstimate e, double tflops, int gpus)
    {
        var c = CultureInfo.InvariantCulture;
        var d = e.Data;
        console.WriteLine(string.Create(c,
            $"study '{e.Config.Preset}' on {e.Config.Data}: {d.TrainImages} training images {d.Channels}x{d.Height}x{d.Width}, ResNet-18 width {e.Config.Width}, N={e.Config.Models}, M={e.Config.Augmentations}, K={e.Config.EvalSize}"));
        var table = new Table().Border(TableBorder.Simple).AddColumns(
            "paradigm", "runs", "epochs", "views", "GFLOP/forward", "training PFLOP", "recognition PFLOP", "total PFLOP", $"GPU-hours @ {tflops.ToString("G3", c)} TFLOP/s");
        foreach (var p in e.Paradigms)
            table.AddRow(p.Paradigm, I(p.Runs), I(p.Epochs), I(p.Views), (p.ForwardFlops / 1e9).ToString("F3", c),
                P(p.TrainFlops), P(p.EvalFlops), P(p.TotalFlops), H(StudyEstimate.Hours(p.TotalFlops, tflops)));
        double total = StudyEstimate.Hours(e.TotalFlops, tflops);
        table.AddRow("[bold]total[/]", I(e.Paradigms.Sum(p => p.Runs)), "", "", "",
            P(e.Paradigms.Sum(p => p.TrainFlops)), P(e.Paradigms.Sum(p => p.EvalFlops)), P(e.TotalFlops), $"[bold]{H(total)}[/]");
        console.Write(table);
        console.WriteLine("An estimate. FLOPs: convolutions and the head (Flops.Forward), a training image = 3 forward passes;");
        console.WriteLine("  per paradigm: runs x (epochs x train images x views x 3 + (epochs + 1) x K x M x views) forward passes.");
        console.WriteLine(string.Create(c,
            $"GPU time: at {tflops:G3} TFLOP/s effective per GPU, an assumption (measure with `mnemo bench --device cuda`, pass --tflops);"));
        console.WriteLine("  data loading, checkpoints and queueing are not counted.");
        if (gpus > 1)
            console.WriteLine(string.Create(c, $"on {gpus} GPUs in parallel: about {H(total / gpus)} hours of wall time"));
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        static string P(double flops) => (flops / 1e15).ToString(flops < 1e14 ? "G3" : "F1", CultureInfo.InvariantCulture);
        static string H(double hours) => hours.ToString(hours < 10 ? "G3" : "F1", CultureInfo.InvariantCulture);
    }
}
