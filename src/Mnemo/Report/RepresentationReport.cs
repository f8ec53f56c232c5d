using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mnemo.Analysis.Representations;
using Mnemo.Data;
using Mnemo.Figures;
using Mnemo.Models;
using Mnemo.Recording;
using Mnemo.Study;
using static TorchSharp.torch;

namespace Mnemo.Report;

/// <summary>
/// The paper's look at what the networks learned: t-SNE of penultimate features (figure 6), activation
/// maximisation (figure 7) and a linear probe, for one model of each paradigm and for a random initialisation.
/// </summary>
public static class RepresentationReport
{
    public const string RandomInit = "random-init", RawPixels = "raw-pixels";

    /// <summary>
    /// Writes fig6.png/.svg, fig7.png/.svg and probe.csv into <paramref name="reportDir"/>. Reads each paradigm's
    /// model of seed <see cref="RepresentationOptions.ModelSeed"/> (or its snapshot after epoch
    /// <see cref="RepresentationOptions.ModelsAt"/>); paradigms without one are skipped and named.
    /// </summary>
    /// <exception cref="MnemoException">Bad options, no snapshot at <see cref="RepresentationOptions.ModelsAt"/>, or a
    /// study folder or data set that cannot be read.</exception>
    public static RepresentationResult Write(StudyFolder folder, string reportDir, Device device,
                                             RepresentationOptions options, IProgress<string>? progress = null)
    {
        options.Validate();
        var timings = new List<StepTime>();
        var clock = Stopwatch.StartNew();
        var manifest = folder.ReadManifest();
        var config = manifest.Config;
        if (options.ModelsAt is int at) RequireSnapshots(folder, config, options.ModelSeed, at);
        var (train, allTest) = StudyImages.Load(folder, manifest);
        var test = allTest.Subset(BalancedSample.Draw(allTest.Labels,
            Math.Min(options.ProbeTestImages, allTest.Count), Seeds.Derive(config.Seed, "probe-test")));
        int[] shape = manifest.ImageShape, tsnePositions = BalancedSample.Draw(train.Labels,
            Math.Min(options.TsnePoints, train.Count), Seeds.Derive(config.Seed, "tsne-points"));
        int[] tsneLabels = tsnePositions.Select(p => train.Labels[p]).ToArray();
        var channels = Enumerable.Range(1, 4).Select(stage =>
            ActivationMaximisation.ChooseChannels(config.Seed, stage, config.Width << (stage - 1), options.ChannelsPerStage)).ToArray();
        timings.Add(new StepTime("data", "", clock.Elapsed.TotalSeconds));
        progress?.Report($"representations: {train.Count} training and {test.Count} test images of {manifest.DatasetName}");

        using var trainImages = tensor(train.Pixels, [train.Count, shape[0], shape[1], shape[2]], dtype: ScalarType.Byte, device: device);
        using var testImages = tensor(test.Pixels, [test.Count, shape[0], shape[1], shape[2]], dtype: ScalarType.Byte, device: device);
        var probeOptions = new LinearProbeOptions
        {
            Epochs = options.ProbeEpochs, LearningRate = options.ProbeLearningRate, MinSteps = options.ProbeMinSteps,
            Seed = Seeds.Derive(config.Seed, "probe"),
        };
        var tsneOptions = new TsneOptions { Perplexity = options.Perplexity, Iterations = options.TsneIterations, Seed = Seeds.Derive(config.Seed, "tsne") };
        var activationOptions = new ActivationMaximisationOptions { Steps = options.ActivationSteps };

        var skipped = new List<string>();
        var warnings = new List<string>();
        var panels = new List<TsnePanel>();
        var probe = new List<ProbeRow>();
        var maximised = new List<MaximisedChannel[][]>();
        var names = new List<string>();
        foreach (var paradigm in config.Paradigms)
        {
            if (options.ModelsAt is null && ModelDamage(folder.Run(paradigm, options.ModelSeed)) is { } damage)
            {
                warnings.Add(damage);
                skipped.Add(paradigm);
                continue;
            }
            using var network = StudyNetwork.Trained(folder, manifest, paradigm, options.ModelSeed, device, options.ModelsAt);
            if (network is null) { skipped.Add(paradigm); continue; }
            Analyse(network);
        }
        using (var random = StudyNetwork.RandomInit(manifest, options.ModelSeed, device, RandomInit))
            Analyse(random);
        if (skipped.Count > 0)
            progress?.Report($"representations: no {(options.ModelsAt is int e ? $"snapshot after epoch {e}" : "model")} of seed {options.ModelSeed} for {string.Join(", ", skipped)} (skipped)");

        var pixels = Time("probe", RawPixels, () => OneThread(device, () => LinearProbe.Fit(Pixels(train), train.Labels,
            Pixels(test), test.Labels, train.ImageSize, manifest.ClassNames.Length, probeOptions, device)));
        probe.Add(new ProbeRow(RawPixels, pixels.Train, pixels.Test, train.Count, test.Count, train.ImageSize, pixels.Epochs));

        StorageException.Guard(reportDir, () => Directory.CreateDirectory(reportDir));
        string Out(string file) => Path.Combine(reportDir, file);
        double perplexity = Tsne.EffectivePerplexity(options.Perplexity, tsnePositions.Length);
        int featureDim = 8 * config.Width;
        var figureClock = Stopwatch.StartNew();
        TsneFigure.Write(Out("fig6.png"), Out("fig6.svg"), panels, tsneLabels, manifest.ClassNames,
            $"t-SNE of penultimate features: {tsnePositions.Length} training images of {manifest.DatasetName}",
            $"{featureDim}-d features of ResNet-18 (width {config.Width}), model of seed {options.ModelSeed} per paradigm" +
            (options.ModelsAt is int kept ? $" after epoch {kept}; " : "; ") +
            $"perplexity {perplexity:0.#}, {options.TsneIterations} iterations; class-balanced sample");
        ActivationFigure.Write(Out("fig7.png"), Out("fig7.svg"), names, ActivationRows(maximised, channels, shape), shape,
            $"Activation maximisation: {manifest.DatasetName}",
            $"{options.ChannelsPerStage} random channels per stage (the same for every network), {options.ActivationSteps} Adam steps " +
            "from faint noise; each image standardised, then squashed by a logistic function");
        AtomicFile.WriteAllText(Out("probe.csv"), ProbeCsv(probe));
        timings.Add(new StepTime("figures", "", figureClock.Elapsed.TotalSeconds));
        progress?.Report($"representations: wrote fig6, fig7 and probe.csv to {reportDir}");

        return new RepresentationResult
        {
            Networks = names, Skipped = skipped, ModelsAt = options.ModelsAt, Warnings = warnings, Probe = probe, Channels = channels,
            Activations = names.SelectMany((name, n) => maximised[n].SelectMany((stage, s) =>
                stage.Select(m => new ActivationRecord(name, s + 1, m.Channel, m.InitialActivation, m.FinalActivation)))).ToList(),
            TsnePoints = tsnePositions.Length, Perplexity = perplexity,
            Fig6Png = Out("fig6.png"), Fig6Svg = Out("fig6.svg"), Fig7Png = Out("fig7.png"), Fig7Svg = Out("fig7.svg"),
            ProbeCsv = Out("probe.csv"), Timings = timings,
        };

        void Analyse(StudyNetwork network)
        {
            string name = network.Name;
            int dim = network.Model.FeatureDim;
            progress?.Report($"representations: {name}: features, linear probe, t-SNE of {tsnePositions.Length} points, activation maximisation");
            var trainFeatures = Time("features", name, () => FeatureExtractor.Extract(network, trainImages, device, options.BatchSize));
            var testFeatures = Time("features", name, () => FeatureExtractor.Extract(network, testImages, device, options.BatchSize));
            if (!trainFeatures.All(float.IsFinite) || !testFeatures.All(float.IsFinite))
            {
                Warn($"{name}: its features are not all finite (weights of a diverged run?); left out of the probe and figures 6-7");
                return;
            }
            var accuracy = Time("probe", name, () => OneThread(device, () => LinearProbe.Fit(trainFeatures, train.Labels,
                testFeatures, test.Labels, dim, manifest.ClassNames.Length, probeOptions, device)));
            probe.Add(new ProbeRow(name, accuracy.Train, accuracy.Test, train.Count, test.Count, dim, accuracy.Epochs));

            var points = new float[tsnePositions.Length * dim];
            for (int i = 0; i < tsnePositions.Length; i++)
                Array.Copy(trainFeatures, tsnePositions[i] * dim, points, i * dim, dim);
            panels.Add(new TsnePanel(name, Time("t-SNE", name, () => Tsne.Embed(points, tsnePositions.Length, dim, tsneOptions))));

            var images = Time("activation maximisation", name, () => OneThread(device, () => Enumerable.Range(1, 4).Select(stage =>
                ActivationMaximisation.Maximise(network, stage, channels[stage - 1], shape, activationOptions,
                    Seeds.Derive(config.Seed, "activation-start", stage), device)).ToArray()));
            for (int s = 0; s < images.Length; s++)
                foreach (var m in images[s].Where(m => !double.IsFinite(m.FinalActivation) || !m.Image.All(float.IsFinite)))
                    Warn($"{name}: activation maximisation of stage {s + 1}, channel {m.Channel} diverged; drawn flat grey");
            maximised.Add(images);
            names.Add(name);
        }

        void Warn(string message)
        {
            warnings.Add(message);
            progress?.Report($"representations: warning: {message}");
        }

        T Time<T>(string step, string network, Func<T> run)
        {
            var watch = Stopwatch.StartNew();
            var result = run();
            timings.Add(new StepTime(step, network, watch.Elapsed.TotalSeconds));
            return result;
        }
    }

    static void RequireSnapshots(StudyFolder folder, StudyConfig config, int seed, int epoch)
    {
        var kept = config.Paradigms.SelectMany(p => ModelFiles.SnapshotEpochs(folder.Run(p, seed))).Distinct().Order().ToArray();
        if (kept.Contains(epoch)) return;
        throw new MnemoException(kept.Length == 0
            ? $"{folder.Root}: no network snapshots in the runs of seed {seed} (a study keeps them when run with --keep-models E)"
            : $"{folder.Root}: no network snapshot after epoch {epoch}; the runs of seed {seed} have them after epochs {string.Join(", ", kept)}");
    }

    // The probe and activation maximisation work on tiny tensors (a batch of 256 x 8W, three images), where
    // libtorch's OpenMP team costs more than it gives: on 2 cores shared with other jobs, steps took 10 to
    // 100 times longer with 2 threads than with 1 (measured: 36 s against 3 s for the smoke study's probes).
    static T OneThread<T>(Device device, Func<T> run)
    {
        if (device.type != TorchSharp.DeviceType.CPU) return run();
        int threads = get_num_threads();
        set_num_threads(1);
        try { return run(); }
        finally { set_num_threads(threads); }
    }

    // Raw-pixel baseline input: [n, C*H*W] in [0, 1] (the probe standardises each pixel).
    static float[] Pixels(ImageSet set) => set.Pixels.Select(b => b / 255f).ToArray();

    static List<ActivationRow> ActivationRows(List<MaximisedChannel[][]> maximised, int[][] channels, int[] shape) =>
        Enumerable.Range(1, 4).Select(stage => new ActivationRow(
            $"stage {stage}",
            $"receptive field {ReceptiveField(stage, shape)}\nchannels {string.Join(", ", channels[stage - 1])}",
            maximised.Select(network => (IReadOnlyList<float[]>)network[stage - 1]
                .Select(m => ActivationMaximisation.ForDisplay(m.Image)).ToArray()).ToArray())).ToList();

    // A unit of the later stages sees more than the whole image (zero padding beyond its edges).
    static string ReceptiveField(int stage, int[] shape)
    {
        int rf = ResNet18.ReceptiveField(stage);
        return rf >= Math.Max(shape[1], shape[2]) ? $"{rf} px (whole image)" : $"{rf} px";
    }

    static string ProbeCsv(IEnumerable<ProbeRow> rows)
    {
        var csv = new StringBuilder("network,train_accuracy,test_accuracy,train_images,test_images,feature_dim,epochs\n");
        foreach (var r in rows)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Network},{r.TrainAccuracy:0.####},{r.TestAccuracy:0.####},{r.TrainImages},{r.TestImages},{r.FeatureDim},{r.Epochs}"));
        return csv.ToString();
    }

    // A model that differs from its checksum is not shown as what the paradigm learned.
    static string? ModelDamage(RunFolder run)
    {
        if (!File.Exists(run.ModelPath)) return null;
        Checksums? sums;
        try { sums = Checksums.Read(run.Dir); }
        catch (MnemoException e) when (e is not StorageException) { return $"{e.Message}: {run.ModelPath} left out of figures 6-7 and the probe"; }
        if (sums is null || !sums.Files.TryGetValue(StudyVerify.ModelFile, out var want)) return null;
        string found = Checksums.OfFile(run.ModelPath);
        return found == want ? null : $"{run.ModelPath}: sha256 expected {want}, found {found}: damaged, left out of figures 6-7 and the probe";
    }
}
