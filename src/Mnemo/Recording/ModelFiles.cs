using System.Globalization;
using Mnemo.Models;
using Mnemo.Study;
using TorchSharp.PyBridge;

namespace Mnemo.Recording;

/// <summary>What <see cref="ModelFiles.Export"/> did, run by run (names as paradigm/seed-k).</summary>
public sealed record ExportResult(IReadOnlyList<string> Written, IReadOnlyList<string> AlreadyThere, IReadOnlyList<string> Unfinished);

/// <summary>
/// A run's networks as files. model.bin is TorchSharp's own format, which training restores from; model.safetensors
/// and the snapshots models/epoch-&lt;t&gt;.safetensors are safetensors written by TorchSharp.PyBridge with the state
/// dict's names, which for <see cref="ResNet18"/> are PyTorch's (conv1.weight, bn1.running_mean,
/// layer1.0.conv1.weight, ..., fc.weight, or fc.0 / fc.2 for the MLP head), so PyTorch loads them strictly.
/// </summary>
public static class ModelFiles
{
    public static void WriteSafetensors(ResNet18 model, string path)
    {
        using var layout = model.InPyTorchLayout();
        AtomicFile.WriteVia(path, file => model.save_safetensors(file));
    }

    /// <summary>The network a paradigm's runs train, with the weights of <paramref name="path"/> (model.bin, or a
    /// .safetensors file), on the CPU.</summary>
    /// <exception cref="MnemoException">The file does not hold this network's weights.</exception>
    public static ResNet18 Load(StudyManifest manifest, string paradigm, string path)
    {
        var s = manifest.Config.For(paradigm);
        var model = new ResNet18(manifest.ImageShape[0], s.OutputDim, manifest.Config.Width, s.Head);
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.Ordinal)) model.load_safetensors(path, strict: true);
            else model.load(path);
            return model;
        }
        catch (Exception e) when (e is not MnemoException)
        {
            model.Dispose();
            throw new MnemoException($"{path}: not the weights of this study's {paradigm} network ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Whether the network after epoch <paramref name="epoch"/> is kept under --keep-models E: at 0, E, 2E, ...</summary>
    public static bool SnapshotDue(int? every, int epoch) => every is int e && epoch % e == 0;

    /// <summary>The epochs of a run's snapshots, ascending.</summary>
    public static int[] SnapshotEpochs(RunFolder run)
    {
        if (!Directory.Exists(run.SnapshotsDir)) return [];
        return Directory.EnumerateFiles(run.SnapshotsDir, "epoch-*.safetensors")
            .Select(f => Path.GetFileNameWithoutExtension(f)["epoch-".Length..])
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int epoch) ? epoch : -1)
            .Where(t => t >= 0).Order().ToArray();
    }

    /// <summary>
    /// Writes model.safetensors beside model.bin for every finished run that lacks it (a study recorded before runs
    /// wrote both). Unfinished runs are left alone: they write theirs when they finish.
    /// </summary>
    public static ExportResult Export(StudyFolder folder, Action<string>? progress = null)
    {
        var manifest = folder.ReadManifest();
        List<string> written = [], there = [], unfinished = [];
        foreach (var run in folder.Runs(manifest.Config))
        {
            if (!run.IsDone) { unfinished.Add(run.Name); continue; }
            if (File.Exists(run.SafetensorsPath)) { there.Add(run.Name); continue; }
            if (!File.Exists(run.ModelPath))
                throw new MnemoException($"{run.Dir}: run.json says done but model.bin is missing");
            using (var model = Load(manifest, run.Paradigm, run.ModelPath))
                WriteSafetensors(model, run.SafetensorsPath);
            written.Add(run.Name);
            progress?.Invoke($"{run.Name}: wrote {run.SafetensorsPath}");
        }
        return new ExportResult(written, there, unfinished);
    }
}
