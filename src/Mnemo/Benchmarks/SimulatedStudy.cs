using System.Text;
using Mnemo.Augmentations;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Study;

namespace Mnemo.Benchmarks;

/// <summary>
/// A study folder with made-up recognition records of known structure, so that the analysis can be
/// checked and timed without training: each bit is an independent draw whose probability is given. Margins and
/// confidences go with the bits (the margin is positive exactly when the bit is 1), and the fixed views' parameters
/// are drawn as a study of 3 x 32 x 32 images draws them; there are no images.
/// </summary>
public static class SimulatedStudy
{
    /// <summary>Probability that one run recognises view m of image k after an epoch.</summary>
    public delegate double Recognition(string paradigm, int epoch, int m, int k);

    /// <summary>Epochs a run has recorded; -1 for a run with no records.</summary>
    public delegate int Progress(string paradigm, int seed);

    public static readonly string[] Classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>A config with every paradigm (or the first <paramref name="paradigms"/> of them), each with the
    /// authors' settings but trained <paramref name="epochs"/> epochs.</summary>
    public static StudyConfig Config(int paradigms, int runs, int epochs, int m, int k, int seed = 0)
    {
        if (paradigms < 1 || paradigms > Paradigm.All.Count) throw new ArgumentOutOfRangeException(nameof(paradigms), $"1 to {Paradigm.All.Count} paradigms");
        var settings = Paradigm.All.Take(paradigms).ToDictionary(p => p.Name, p => p.Paper(Classes.Length) with { Epochs = epochs });
        return new StudyConfig
        {
            Preset = "simulated", Data = "synthetic", Seed = seed, Paradigms = [.. settings.Keys], Models = runs,
            Augmentations = m, EvalSize = k, Settings = settings,
        };
    }

    /// <summary>Writes study.json, augmentations/&lt;paradigm&gt;.csv and, per planned run, recognition.npy, margins.npy,
    /// confidence.npy and run.json under <paramref name="dir"/>.</summary>
    public static StudyFolder Create(string dir, StudyConfig config, Recognition probability, Progress? recorded = null)
    {
        var folder = new StudyFolder(dir);
        int k = config.EvalSize, m = config.Augmentations;
        folder.WriteManifest(new StudyManifest
        {
            Config = config, DatasetName = "simulated", DatasetFingerprint = "simulated", ClassNames = Classes, ImageShape = ImageShape,
            // Training-split indices that differ from record positions, so a mix-up shows.
            EvalIndices = Enumerable.Range(0, k).Select(i => 3 * i + 7).ToArray(),
            EvalLabels = Enumerable.Range(0, k).Select(i => i % Classes.Length).ToArray(),
            NormalizeMean = [0.5f], NormalizeStd = [0.25f],
        });
        WriteViews(folder, config, folder.ReadManifest());
        for (int index = 0; index < config.Paradigms.Length; index++)
        {
            string paradigm = config.Paradigms[index];
            int planned = config.For(paradigm).Epochs;
            // Without augmentation the M views are one image, so a run's M bits are one bit.
            bool oneView = config.For(paradigm).Augmentation == AugmentationKind.None;
            // Probabilities in 1/256 steps, so one random byte per bit decides it.
            var cut = new short[(planned + 1) * m * k];
            for (int t = 0, i = 0; t <= planned; t++)
                for (int a = 0; a < m; a++)
                    for (int x = 0; x < k; x++, i++)
                        cut[i] = (short)Math.Round(Math.Clamp(probability(paradigm, t, a, x), 0, 1) * 256);
            for (int seed = 0; seed < config.Models; seed++)
            {
                int epochs = recorded?.Invoke(paradigm, seed) ?? planned;
                var run = folder.Run(paradigm, seed);
                if (epochs < 0) continue;
                var bits = new byte[(epochs + 1) * m * k];
                var margins = new Half[bits.Length];
                var confidences = new Half[bits.Length];
                Seeds.Fill(bits, (ulong)(uint)config.Seed << 32 | (ulong)(uint)index << 16 | (uint)seed);
                for (int i = 0; i < bits.Length; i++)
                {
                    // Recognised when the random byte falls below the cut; how far below is the margin.
                    int below = cut[i] - bits[i];
                    bits[i] = below > 0 ? (byte)1 : (byte)0;
                    (margins[i], confidences[i]) = (MarginOf[below + 255], ConfidenceOf[below + 255]);
                }
                if (oneView)
                    for (int t = 0; t <= epochs; t++)
                        for (int a = 1; a < m; a++)
                        {
                            Array.Copy(bits, t * m * k, bits, (t * m + a) * k, k);
                            Array.Copy(margins, t * m * k, margins, (t * m + a) * k, k);
                            Array.Copy(confidences, t * m * k, confidences, (t * m + a) * k, k);
                        }
                Npy.Write<byte>(run.RecognitionPath, [epochs + 1, m, k], bits);
                Npy.Write<Half>(run.MarginsPath, [epochs + 1, m, k], margins);
                Npy.Write<Half>(run.ConfidencePath, [epochs + 1, m, k], confidences);
                run.WriteStatus(new RunStatus { State = epochs >= planned ? RunState.Done : RunState.Running, EpochsDone = epochs, Epochs = planned });
            }
        }
        return folder;
    }

    static readonly int[] ImageShape = [3, 32, 32];

    // By how much (-255..256) the byte fell below its cut: margin in 1/32 steps, and the confidence a softmax over
    // the ten classes could give with that margin (at least 1 / 10 when recognised, at most 1 / 2 when not).
    static readonly Half[] MarginOf = [.. Enumerable.Range(-255, 512).Select(d => (Half)(d / 32.0))];
    static readonly Half[] ConfidenceOf = [.. Enumerable.Range(-255, 512).Select(d => (Half)(1 / (1 + (Classes.Length - 1) * Math.Exp(-d / 32.0))))];

    // augmentations/<paradigm>.csv: each paradigm's own training augmentation, drawn as EvalViews draws a study's.
    static void WriteViews(StudyFolder folder, StudyConfig config, StudyManifest manifest)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder.AugmentationsPath(config.Paradigms[0]))!);
        foreach (string name in config.Paradigms)
        {
            var paradigm = Paradigm.Get(name);
            var augmentation = Augmentation.For(config.For(name), ImageShape, manifest.Normalization);
            var csv = new StringBuilder(AugmentationParams.CsvHeader + "\n");
            for (int m = 0; m < config.Augmentations; m++)
                for (int v = 0; v < paradigm.Views; v++)
                    augmentation.Sample(config.EvalSize, new Random(Seeds.Derive(config.Seed, $"eval-views/{name}", m, v)))
                        .AppendCsv(csv, manifest.EvalIndices, m, v);
            AtomicFile.WriteAllText(folder.AugmentationsPath(name), csv.ToString());
        }
    }
}
