using System.Diagnostics;
using System.Text.Json;
using Mnemo.Analysis.Representations;
using Mnemo.Recording;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Mnemo.Tests.Python;

/// <summary>A test that needs Debian's PyTorch: skipped, saying why, where /usr/bin/python3 cannot import torch and numpy.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} is missing";
        var start = new ProcessStartInfo(Python, ["-c", "import numpy, torch"]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(start)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"{Python} cannot import torch and numpy";
    });

    public PythonTorchFactAttribute()
    {
        if (Missing.Value is string why)
            Skip = $"{why}: install Debian's python3-torch and python3-numpy (.ci/run does) to test python/mnemo.py";
    }
}

[Collection(nameof(SmallStudy))]
public class PythonModuleTests(SmallStudy study, ITestOutputHelper output)
{
    static string Script => Path.Combine(AppContext.BaseDirectory, "python", "check_study.py");

    static void RunPython(params string[] args)
    {
        var start = new ProcessStartInfo(PythonTorchFactAttribute.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "python did not finish in 3 minutes");
        Assert.True(p.ExitCode == 0, $"{Script} exited {p.ExitCode}: {stderr.Result}");
    }

    [PythonTorchFact]
    public void PyTorch_loads_every_network_strictly_and_computes_Mnemos_logits()
    {
        using var dir = new TempDir();
        int[] shape = study.Manifest.ImageShape;
        int[] imagesShape = [4, .. shape];
        var pixels = Enumerable.Range(0, imagesShape.Aggregate(1, (a, b) => a * b)).Select(i => (byte)((i * 37 + 11) % 256)).ToArray();
        Npy.Write<byte>(dir.Combine("images.npy"), imagesShape, pixels);

        RunPython(study.Folder.Root, dir.Path);

        using var images = tensor(pixels, [.. imagesShape.Select(s => (long)s)], dtype: ScalarType.Byte).to(float32) / 255f;
        int compared = 0;
        double worst = 0;
        foreach (var run in study.Runs)
            foreach (int? epoch in ModelFiles.SnapshotEpochs(run).Select(t => (int?)t).Prepend(null))
            {
                using var network = StudyNetwork.Trained(study.Folder, study.Manifest, run.Paradigm, run.Seed, CPU, epoch)!;
                using var scope = NewDisposeScope();
                float[] mnemo;
                using (no_grad()) mnemo = network.Model.call(network.Input(images)).data<float>().ToArray();
                var torch = Npy.Read<float>(dir.Combine($"{run.Paradigm}.seed-{run.Seed}.{(epoch is int t ? $"epoch-{t}" : "final")}.logits.npy"));
                Assert.Equal([4, study.Manifest.Config.For(run.Paradigm).OutputDim], torch.Shape);
                // Both run float32 convolutions, in other orders: np.allclose(atol=1e-5, rtol=1e-4) element by element
                // (measured differences are near 1e-7).
                for (int i = 0; i < mnemo.Length; i++)
                {
                    double diff = Math.Abs(mnemo[i] - torch.Data[i]);
                    worst = Math.Max(worst, diff);
                    Assert.True(diff <= 1e-5 + 1e-4 * Math.Abs(torch.Data[i]), $"{run.Name} epoch {epoch?.ToString() ?? "final"}: logit {i} is {torch.Data[i]} in PyTorch, {mnemo[i]} in Mnemo");
                }
                compared++;
            }
        Assert.Equal(4 * 4, compared);   // 4 runs: final network and snapshots after epochs 0, 1, 2
        output.WriteLine($"{compared} networks, largest logit difference PyTorch vs Mnemo {worst:G3}");
    }

    [PythonTorchFact]
    public void Load_study_gives_the_records_as_numpy_arrays_with_numpy_alone()
    {
        using var dir = new TempDir();
        RunPython(study.Folder.Root, dir.Path, "--no-torch");

        using var summary = JsonDocument.Parse(File.ReadAllText(dir.Combine("summary.json")));
        Assert.False(summary.RootElement.GetProperty("torch").GetBoolean());
        var config = study.Manifest.Config;
        foreach (var paradigm in config.Paradigms)
        {
            var entry = summary.RootElement.GetProperty("paradigms").GetProperty(paradigm);
            Assert.Equal([0, 1], entry.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
            Assert.Equal(2, entry.GetProperty("epochs").GetInt32());
            Assert.All(entry.GetProperty("runs").EnumerateArray(), r => Assert.Equal("done", r.GetProperty("state").GetString()));
            var runs = Enumerable.Range(0, config.Models).Select(k => study.Folder.Run(paradigm, k)).ToArray();
            string[] names = ["recognition", "margins", "confidence",
                              .. paradigm == "simclr" ? new[] { "recognition_reverse", "margins_reverse", "confidence_reverse" } : []];
            Assert.Equal(names.Order(), Directory.GetFiles(dir.Path, $"{paradigm}.*.npy").Select(f => Path.GetFileName(f)[(paradigm.Length + 1)..^4]).Order());
            foreach (var name in names)
            {
                int[] expectedShape = [config.Models, 3, config.Augmentations, config.EvalSize];
                string file = dir.Combine($"{paradigm}.{name}.npy");
                if (name.StartsWith("recognition", StringComparison.Ordinal))
                {
                    var stacked = Npy.Read<byte>(file);
                    Assert.Equal(expectedShape, stacked.Shape);
                    Assert.Equal(runs.SelectMany(r => Npy.Read<byte>(Path.Combine(r.Dir, name + ".npy")).Data), stacked.Data);
                }
                else
                {
                    var stacked = Npy.Read<Half>(file);
                    Assert.Equal(expectedShape, stacked.Shape);
                    Assert.Equal(runs.SelectMany(r => Npy.Read<Half>(Path.Combine(r.Dir, name + ".npy")).Data), stacked.Data);
                }
            }
        }
    }
}
