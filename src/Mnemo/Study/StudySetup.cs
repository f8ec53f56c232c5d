using System.Text;
using System.Text.Json;
using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using static TorchSharp.torch;

namespace Mnemo.Study;

/// <summary>Creates a study folder (or reopens one) from a preset and the options a user gave.</summary>
public static class StudySetup
{
    /// <summary>
    /// A new folder gets study.json, random_labels.npy and the evaluation augmentations, all or nothing: every
    /// setting is checked first, and the folder is built under a temporary name and renamed into place. An
    /// existing study keeps its config, and options that would change it are refused, naming the settings.
    /// </summary>
    public static StudyFolder Prepare(string dir, StudyOptions options, Action<string>? say = null)
    {
        var folder = new StudyFolder(dir);
        if (folder.Exists)
        {
            var saved = folder.ReadManifest().Config;
            var wanted = options.ApplyTo(saved);
            if (options.Preset is not null && options.Preset != saved.Preset)
                throw new MnemoException($"{folder.Root} holds a '{saved.Preset}' study; --preset {options.Preset} would change it (use another --out)");
            var changed = Differences(saved, wanted);
            if (changed.Count > 0)
                throw new MnemoException($"{folder.Root} was created with other settings ({string.Join("; ", changed)}); use another --out, or drop those options to resume it");
            return folder;
        }
        if (File.Exists(folder.Root) || (Directory.Exists(folder.Root) && Directory.EnumerateFileSystemEntries(folder.Root).Any()))
            throw new MnemoException($"{folder.Root}: exists and is not a study folder (no study.json); choose another --out");

        string preset = options.Preset ?? "demo";
        // The options are checked against the preset before the data is read, so a typo fails at once.
        Validate(options.ApplyTo(Presets.Get(preset, classes: 10)), trainImages: null);
        var spec = options.Data ?? Presets.Get(preset, 10).Data;
        say?.Invoke($"loading data '{spec}'");
        var dataset = DataSource.Load(spec);
        var config = options.ApplyTo(Presets.Get(preset, dataset.Classes));
        Validate(config, dataset.Train.Count);
        Create(folder, config, dataset);
        return folder;
    }

    static List<string> Differences(StudyConfig saved, StudyConfig wanted)
    {
        var a = JsonSerializer.SerializeToElement(saved, StudyFolder.Json);
        var b = JsonSerializer.SerializeToElement(wanted, StudyFolder.Json);
        return a.EnumerateObject()
            .Where(p => p.Value.GetRawText() != b.GetProperty(p.Name).GetRawText())
            .Select(p => $"{p.Name}: {Short(p.Value)} -> {Short(b.GetProperty(p.Name))}")
            .ToList();
        static string Short(JsonElement e) { var t = e.GetRawText().ReplaceLineEndings(" "); return t.Length > 60 ? t[..60] + "..." : t; }
    }

    /// <summary>Refuses a config no run could train with, naming the option; <paramref name="trainImages"/>: the
    /// data's training images, or null when it is not loaded yet (the sizes that depend on it are then left).</summary>
    public static void Validate(StudyConfig c, int? trainImages)
    {
        if (c.Preset == "paper" && !c.Data.StartsWith("cifar10:", StringComparison.Ordinal))
            throw new MnemoException("the paper preset trains on CIFAR-10: give --data cifar10:DIR (the folder holding cifar-10-batches-bin)");
        Check(c.Paradigms.Length > 0, "--paradigms: at least one paradigm");
        foreach (var p in c.Paradigms) Paradigm.Get(p);
        Check(c.Paradigms.Distinct().Count() == c.Paradigms.Length, "--paradigms: a paradigm is named twice");
        Check(c.Models >= 1, $"--models must be at least 1 (got {c.Models})");
        Check(c.Augmentations >= 1, $"--augmentations must be at least 1 (got {c.Augmentations})");
        Check(c.Width >= 1, $"--width must be at least 1 (got {c.Width})");
        Check(c.BatchSize >= 2, $"--batch-size must be at least 2 (got {c.BatchSize})");
        Check(c.Thresholds.Length > 0 && c.Thresholds.All(t => t > 0 && t < 1), "--thresholds must lie strictly between 0 and 1");
        Check(c.Thresholds.Distinct().Count() == c.Thresholds.Length, "--thresholds: a threshold is named twice");
        Check(c.TrainSize is null or >= 2, $"--train-size must be at least 2 (got {c.TrainSize})");
        Check(c.EvalSize >= 2, $"--eval-size must be at least 2 (got {c.EvalSize})");
        Check(c.KeepModels is null or >= 1, $"--keep-models must be at least 1 (got {c.KeepModels})");
        foreach (var paradigm in Paradigm.All.Where(p => c.Settings.ContainsKey(p.Name)))
            paradigm.Validate(c.Settings[paradigm.Name]);
        foreach (var p in c.Paradigms) c.For(p);
        if (trainImages is not int available) return;
        Check(c.TrainSize is null || c.TrainSize <= available,
            $"--train-size must be between 2 and {available}, the training images of '{c.Data}' (got {c.TrainSize})");
        int trainCount = c.TrainSize ?? available;
        Check(c.EvalSize <= trainCount, $"--eval-size must be between 2 and the {trainCount} training images (got {c.EvalSize})");
        static void Check(bool ok, string message) { if (!ok) throw new MnemoException(message); }
    }

    static void Create(StudyFolder folder, StudyConfig config, Dataset dataset)
    {
        var all = dataset.Train;
        int[]? trainIndices = null;
        if (config.TrainSize is int size && size < all.Count)
        {
            trainIndices = Seeds.Permutation(all.Count, new Random(Seeds.Derive(config.Seed, "train-subset")))[..size];
            Array.Sort(trainIndices);
        }
        var train = trainIndices is null ? all : all.Subset(trainIndices);
        // X: K distinct training images (the original code drew with replacement; duplicates would
        // then count as negatives for SimCLR).
        int[] evalPositions = Seeds.Permutation(train.Count, new Random(Seeds.Derive(config.Seed, "eval-set")))[..config.EvalSize];
        int[] evalIndices = evalPositions.Select(p => trainIndices?[p] ?? p).ToArray();
        // One permutation of the true labels keeps the class balance; all N networks share it.
        int[] randomLabels = Seeds.Permutation(train.Count, new Random(Seeds.Derive(config.Seed, "random-labels")))
            .Select(i => train.Labels[i]).ToArray();
        // The paper's CIFAR-10 statistics; other data sets are normalised by their own training images.
        var normalization = config.Data.StartsWith("cifar10", StringComparison.Ordinal) ? Normalization.Cifar10 : Normalization.Measure(train);

        // Built beside its final name and renamed into place, so a failure leaves no half-made study;
        // one left by a process killed midway is removed.
        RemoveAbandoned(folder.Root);
        var building = new StudyFolder($"{folder.Root}.creating-{Environment.ProcessId}");
        try
        {
            StorageException.Guard(building.Root, () => Directory.CreateDirectory(building.Root));
            Npy.Write<int>(building.RandomLabelsPath, [randomLabels.Length], randomLabels);
            building.WriteManifest(new StudyManifest
            {
                Config = config,
                DatasetName = dataset.Name,
                DatasetFingerprint = dataset.Fingerprint(),
                ClassNames = dataset.ClassNames,
                ImageShape = [all.Channels, all.Height, all.Width],
                TrainIndices = trainIndices,
                EvalIndices = evalIndices,
                EvalLabels = evalPositions.Select(p => train.Labels[p]).ToArray(),
                NormalizeMean = normalization.Mean,
                NormalizeStd = normalization.Std,
            });
            WriteEvalAugmentations(building);
            // Last, over the files above: `mnemo verify` and sha256sum -c check them.
            StudyVerify.SealStudyFiles(building, config);
            try
            {
                StorageException.Guard(folder.Root, () =>
                {
                    if (Directory.Exists(folder.Root)) Directory.Delete(folder.Root);   // empty: checked above
                    Directory.Move(building.Root, folder.Root);
                });
            }
            catch (StorageException) when (folder.Exists)
            {
                // Another process created it meanwhile (two `mnemo run` started at once): the same study if its settings are.
                var changed = Differences(folder.ReadManifest().Config, config);
                if (changed.Count > 0)
                    throw new MnemoException($"{folder.Root} was just created by another process with other settings ({string.Join("; ", changed)}); use another --out");
            }
        }
        finally
        {
            // Not over a first error: a read-only mount would replace it with its own.
            try { if (Directory.Exists(building.Root)) Directory.Delete(building.Root, recursive: true); }
            catch (Exception e) when (StorageException.IsStorage(e)) { }
        }
    }

    static void RemoveAbandoned(string root)
    {
        string parent = Path.GetDirectoryName(root)!, prefix = Path.GetFileName(root) + ".creating-";
        if (!Directory.Exists(parent)) return;
        foreach (string dir in Directory.EnumerateDirectories(parent, prefix + "*"))
            if (int.TryParse(Path.GetFileName(dir)[prefix.Length..], out int pid) && !AtomicFile.Alive(pid))
                StorageException.Guard(dir, () => Directory.Delete(dir, recursive: true));
    }

    /// <summary>augmentations/&lt;paradigm&gt;.csv: the parameters of every fixed evaluation view.</summary>
    static void WriteEvalAugmentations(StudyFolder folder)
    {
        using var data = StudyData.Open(folder, CPU);
        foreach (var name in data.Config.Paradigms)
        {
            var csv = new StringBuilder(AugmentationParams.CsvHeader + "\n");
            var draws = EvalViews.Draw(data, Paradigm.Get(name));
            for (int m = 0; m < draws.Length; m++)
                for (int v = 0; v < draws[m].Length; v++)
                    draws[m][v].AppendCsv(csv, data.Manifest.EvalIndices, m, v);
            AtomicFile.WriteAllText(folder.AugmentationsPath(name), csv.ToString());
        }
    }
}
