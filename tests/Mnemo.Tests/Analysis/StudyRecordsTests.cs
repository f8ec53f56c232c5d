using Mnemo.Benchmarks;
using Xunit;
using Mnemo.Analysis;
using Mnemo.Report;

namespace Mnemo.Tests.Analysis;

public class StudyRecordsTests
{
    const int Epochs = 6, M = 3, K = 40;

    [Fact]
    public void PartialStudyNamesItsMissingRunsAndUsesTheEpochsAllRunsHave()
    {
        var config = SimulatedStudy.Config(4, 3, Epochs, M, K);
        using var study = TempStudy.Simulate(config, (_, t, _, _) => t / (double)Epochs, (paradigm, seed) => (paradigm, seed) switch
        {
            ("simclr", 1) => 3,
            ("simclr", 2) => -1,
            ("random-labels-aug", _) => -1,
            _ => Epochs,
        });
        var result = StudyReport.Write(study.Dir);

        Assert.False(result.Complete);
        Assert.Contains("simclr/seed-1: 3 of 6 epochs (running)", result.MissingRuns);
        Assert.Contains("simclr/seed-2: no records", result.MissingRuns);
        Assert.Contains("random-labels-aug/seed-0: no records", result.MissingRuns);
        Assert.Equal(5, result.MissingRuns.Count);
        var simclr = result.Analysis.Paradigms["simclr"];
        Assert.Equal(2, simclr.N);
        Assert.Equal(3, simclr.EpochsAnalysed);
        Assert.Equal(3, result.Analysis.Paradigms["supervised"].N);
        Assert.Equal(Epochs, result.Analysis.Paradigms["supervised"].EpochsAnalysed);
        Assert.False(result.Analysis.Paradigms.ContainsKey("random-labels-aug"));

        string md = File.ReadAllText(result.MarkdownPath);
        Assert.Contains("simclr/seed-1: 3 of 6 epochs", md);
        Assert.Contains("Not analysed, no run has records: random-labels-aug", md);
    }

    [Fact]
    public void CompleteStudyHasNoMissingRuns()
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(1, 2, Epochs, M, K), (_, t, _, _) => t / (double)Epochs);
        var records = StudyRecords.Load(study.Dir);
        Assert.Empty(records.Incomplete);
        Assert.Equal(2, records.Paradigms["supervised"].Runs);
    }

    [Fact]
    public void CountsSumTheBitsOfEveryRun()
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(1, 2, 1, 2, 3), (_, _, _, _) => 0);
        study.WriteRecognition("supervised", 0, 2, 2, 3, [0, 0, 0, 0, 0, 0, /* epoch 1 */ 1, 0, 1, 0, 1, 1]);
        study.WriteRecognition("supervised", 1, 2, 2, 3, [0, 0, 0, 0, 0, 0, /* epoch 1 */ 1, 1, 0, 0, 0, 1]);
        var counts = StudyRecords.Load(study.Dir).Paradigms["supervised"];
        Assert.Equal([0.5, 0.5, 0.75], counts.Probabilities(1, ProfileVariant.Averaged));
        Assert.Equal([1.0, 0.5, 0.5], counts.Probabilities(1, ProfileVariant.Fixed));
        Assert.Equal([0.0, 0.5, 1.0], counts.AugmentationProbabilities(1, 1));
        Assert.Equal([0.0, 7 / 12.0], counts.MeanByEpoch(ProfileVariant.Averaged));
    }

    [Fact]
    public void SumOfManyBitsMatchesAPlainLoop()
    {
        // 3 rows x 2 x 1001: not a multiple of any vector width, so both the vector part and the tail add.
        const int rows = 3, m = 2, k = 1001;
        var rng = new Random(5);
        var sum = new RecognitionSum(rows - 1, m, k);
        var expected = new int[rows * m * k];
        for (int run = 0; run < 3; run++)
        {
            var bits = new byte[rows * m * k];
            for (int i = 0; i < bits.Length; i++) expected[i] += bits[i] = (byte)rng.Next(2);
            sum.Add(bits, rows);
        }
        var counts = sum.ToCounts()!;
        for (int t = 0; t < rows; t++)
            for (int a = 0; a < m; a++)
                for (int x = 0; x < k; x++)
                    Assert.Equal(expected[(t * m + a) * k + x], counts.Count(t, a, x));
    }

    [Fact]
    public void FolderWithoutStudyJsonIsAUserError()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mnemo-analysis-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var e = Assert.Throws<MnemoException>(() => StudyReport.Write(dir));
            Assert.Contains("study.json", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void StudyWithoutAnyRecordsIsAUserError()
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(2, 2, Epochs, M, K), (_, _, _, _) => 0.5, (_, _) => -1);
        var e = Assert.Throws<MnemoException>(() => StudyReport.Write(study.Dir));
        Assert.Contains("no run has recognition records", e.Message);
    }

    [Fact]
    public void A_truncated_record_leaves_its_run_out_named_and_the_others_analysed()
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(1, 3, Epochs, M, K), (_, _, _, _) => 0.5);
        string path = study.Folder.Run("supervised", 1).RecognitionPath;
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        var result = StudyReport.Write(study.Dir);

        var damaged = Assert.Single(result.DamagedRuns);
        Assert.StartsWith("supervised/seed-1: damaged, not analysed: ", damaged);
        Assert.Contains($"{path}: unreadable", damaged);
        Assert.Equal(2, result.Analysis.Paradigms["supervised"].N);
        Assert.False(result.Complete);
        Assert.Empty(result.MissingRuns);
        Assert.Contains(damaged, File.ReadAllText(result.MarkdownPath));
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(result.SummaryPath)).RootElement;
        Assert.Equal("supervised/seed-1", summary.GetProperty("damaged_runs")[0].GetProperty("run").GetString());
    }

    [Fact]
    public void RecordOfTheWrongShapeIsAUserError()
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(1, 1, Epochs, M, K), (_, _, _, _) => 0.5);
        study.WriteRecognition("supervised", 0, 2, M, K + 1, new byte[2 * M * (K + 1)]);
        var e = Assert.Throws<MnemoException>(() => StudyRecords.Load(study.Dir));
        Assert.Contains("shape", e.Message);
    }

    [Fact]
    public void BitsOtherThanZeroAndOneAreAUserError()
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(1, 1, 1, 1, 100), (_, _, _, _) => 0.5);
        // Early enough to fall in the part summed a vector at a time.
        var bits = new byte[2 * 1 * 100];
        bits[5] = 2;
        study.WriteRecognition("supervised", 0, 2, 1, 100, bits);
        var e = Assert.Throws<MnemoException>(() => StudyRecords.Load(study.Dir));
        Assert.Contains("value 2 at [epoch 0, augmentation 0, image 5]; recognition bits are 0 or 1", e.Message);
    }
}
