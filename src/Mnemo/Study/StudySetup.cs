using System.Text;
using System.Text.Json;
using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Training;
using static TorchSharp.torch;

namespace Mnemo.Study;

/// <summary>Creates a study folder (or reopens one) from a preset and the options a user gave.</summary>
public static class StudySetup
{
    // The paper's CIFAR-10 statistics; other data sets are normalised by their own training set.
    static readonly float[] CifarMean = [0.4914f, 0.4822f, 0.4465f], CifarStd = [0.2023f, 0.1994f, 0.2010f];

    /// <summary>
    /// A new folder gets study.json, random_labels.npy and the evaluation augmentations; an existing
    /// one keeps its config, and options that would change it are refused, naming the settings.
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
        say?.Invoke($"loading data '{options.Data ?? Presets.Get(preset, 10).Data}'");
        var probe = Presets.Get(preset, classes: 10);
        var dataset = DataSource.Load(options.Data ?? probe.Data);
        var config = options.ApplyTo(Presets.Get(preset, dataset.Classes));
        Validate(config, dataset);
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

    public static void Validate(StudyConfig c, Dataset dataset)
    {
        if (c.Preset == "paper" && !c.Data.StartsWith("cifar10:", StringComparison.Ordinal))
            throw new MnemoException("the paper preset trains on CIFAR-10: give --data cifar10:DIR (the folder holding cifar-10-batches-bin)");
        int trainCount = c.TrainSize ?? dataset.Train.Count;
        Check(c.Paradigms.Length > 0, "--paradigms: at least one paradigm");
        foreach (var p in c.Paradigms) { Paradigm.Get(p); c.For(p); }
        Check(c.Paradigms.Distinct().Count() == c.Paradigms.Length, "--paradigms: a paradigm is named twice");
        Check(c.Models >= 1, $"--models must be at least 1 (got {c.Models})");
        Check(c.Augmentations >= 1, $"--augmentations must be at least 1 (got {c.Augmentations})");
        Check(c.TrainSize is null || (c.TrainSize >= 2 && c.TrainSize <= dataset.Train.Count),
            $"--train-size must be between 2 and {dataset.Train.Count}, the training images of '{c.Data}' (got {c.TrainSize})");
        Check(c.EvalSize >= 2 && c.EvalSize <= trainCount,
            $"--eval-size must be between 2 and the {trainCount} training images (got {c.EvalSize})");
        Check(c.Width >= 1, $"--width must be at least 1 (got {c.Width})");
        Check(c.BatchSize >= 2, $"--batch-size must be at least 2 (got {c.BatchSize})");
        Check(c.SimclrEvalBatch >= 2, $"--simclr-eval-batch must be at least 2 (got {c.SimclrEvalBatch})");
        Check(c.Thresholds.Length > 0 && c.Thresholds.All(t => t > 0 && t < 1), "--thresholds must lie strictly between 0 and 1");
        foreach (var name in c.Paradigms)
        {
            var s = c.For(name);
            Check(s.Epochs >= 1, $"{name}: epochs must be at least 1 (got {s.Epochs})");
            Check(s.LearningRate > 0, $"{name}: learning rate must be positive");
            Check(s.OutputDim >= 2, $"{name}: output dimension must be at least 2");
        }
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
        var (mean, std) = config.Data.StartsWith("cifar10", StringComparison.Ordinal) ? (CifarMean, CifarStd) : ChannelStats(train);

        Directory.CreateDirectory(folder.Root);
        Npy.Write<int>(folder.RandomLabelsPath, [randomLabels.Length], randomLabels);
        folder.WriteManifest(new StudyManifest
        {
            Config = config,
            DatasetName = dataset.Name,
            DatasetFingerprint = dataset.Fingerprint(),
            ClassNames = dataset.ClassNames,
            ImageShape = [all.Channels, all.Height, all.Width],
            TrainIndices = trainIndices,
            EvalIndices = evalIndices,
            EvalLabels = evalPositions.Select(p => train.Labels[p]).ToArray(),
            NormalizeMean = mean,
            NormalizeStd = std,
        });
        WriteEvalAugmentations(folder);
    }

    /// <summary>augmentations/&lt;paradigm&gt;.csv: the parameters of every fixed evaluation view.</summary>
    static void WriteEvalAugmentations(StudyFolder folder)
    {
        using var data = StudyData.Open(folder, CPU);
        foreach (var name in data.Config.Paradigms)
        {
            var paradigm = Paradigm.Get(name);
            var csv = new StringBuilder(AugmentationParams.CsvHeader + "\n");
            var draws = data.EvalAugmentations(name, paradigm.Views);
            for (int m = 0; m < draws.Length; m++)
                for (int v = 0; v < draws[m].Length; v++)
                    draws[m][v].AppendCsv(csv, data.Manifest.EvalIndices, m, v);
            AtomicFile.WriteAllText(folder.AugmentationsPath(name), csv.ToString());
        }
    }

    static (float[] Mean, float[] Std) ChannelStats(ImageSet set)
    {
        var mean = new float[set.Channels];
        var std = new float[set.Channels];
        int plane = set.Height * set.Width;
        for (int c = 0; c < set.Channels; c++)
        {
            double sum = 0, sumSq = 0;
            for (int i = 0; i < set.Count; i++)
            {
                int offset = i * set.ImageSize + c * plane;
                for (int j = 0; j < plane; j++) { double v = set.Pixels[offset + j] / 255.0; sum += v; sumSq += v * v; }
            }
            double n = (double)set.Count * plane;
            mean[c] = (float)(sum / n);
            std[c] = (float)Math.Sqrt(Math.Max(sumSq / n - sum * sum / (n * n), 1e-12));
        }
        return (mean, std);
    }
}
