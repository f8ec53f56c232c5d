using Mnemo.Analysis;
using Mnemo.Analysis.Difficulty;
using Mnemo.Benchmarks;
using Mnemo.Recording;
using Xunit;

namespace Mnemo.Tests.Analysis.Difficulty;

public class StudyDifficultyTests
{
    const int Runs = 4, Epochs = 6, M = 3, K = 40;

    static TempStudy Study(SimulatedStudy.Progress? recorded = null) =>
        TempStudy.Simulate(SimulatedStudy.Config(4, Runs, Epochs, M, K), AnalysisBenchmark.LearningCurves(Epochs, M, K), recorded);

    static StudyDifficulty Run(TempStudy study) => StudyDifficulty.Run(StudyAnalysis.Run(StudyRecords.Load(study.Dir)));

    [Fact]
    public void The_measures_read_run_by_run_agree_with_the_summed_bits_StudyRecords_read()
    {
        using var study = Study();
        var analysis = StudyAnalysis.Run(StudyRecords.Load(study.Dir));
        var difficulty = StudyDifficulty.Run(analysis);
        Assert.Empty(difficulty.Missing);
        foreach (var (name, paradigm) in analysis.Paradigms)
        {
            var measures = difficulty.Paradigms[name].Measures;
            Assert.Equal((Runs, Epochs), (measures.Runs, measures.Epochs));
            for (int k = 0; k < K; k++)
            {
                double sum = 0;
                for (int t = 1; t <= Epochs; t++)
                    for (int m = 0; m < M; m++) sum += paradigm.Counts.Count(t, m, k);
                Assert.Equal(sum / (Runs * M * Epochs), measures.LearningSpeed.Mean[k], 12);
                Assert.Equal(sum / (Runs * M * Epochs), Enumerable.Range(0, M).Average(m => difficulty.Paradigms[name].PairSpeed[m * K + k]), 12);
            }
            Assert.NotNull(measures.Confidence);
            Assert.All(measures.Aum.Mean, v => Assert.False(double.IsNaN(v)));
        }
        Assert.Equal(analysis.Paradigms.Keys, difficulty.Correlations!.Names);
    }

    [Fact]
    public void Runs_without_confidence_are_named_and_runs_with_unusable_margins_are_left_out_of_every_measure()
    {
        using var study = Study();
        File.Delete(study.Folder.Run("simclr", 1).ConfidencePath);
        // Margins of another shape than the run's bits: the run is damaged, so neither its bits nor its margins count.
        var margins = study.Folder.Run("supervised", 2).MarginsPath;
        Npy.Write<Half>(margins, [Epochs + 1, M, K - 1], new Half[(Epochs + 1) * M * (K - 1)]);

        var records = StudyRecords.Load(study.Dir);
        var difficulty = StudyDifficulty.Run(StudyAnalysis.Run(records));

        Assert.Contains("simclr: no confidence.npy in seed-1: no cartography confidence or variability (a run begun without it records none when resumed)",
                        difficulty.Missing);
        Assert.Contains(records.Damaged, r => r.Name == "supervised/seed-2" && r.Damage!.Contains(margins));
        Assert.Equal([0, 1, 3], records.SeedsAnalysed["supervised"]);
        Assert.Null(difficulty.Paradigms["simclr"].Measures.Confidence);
        Assert.NotNull(difficulty.Paradigms["supervised"].Measures.Confidence);
        var aum = difficulty.Paradigms["supervised"].Measures.Aum;
        Assert.Equal(Runs - 1, difficulty.Paradigms["supervised"].Measures.Runs);
        Assert.All(aum.Defined, d => Assert.Equal(Runs - 1, d));
    }

    [Fact]
    public void A_study_with_no_confidence_at_all_says_so_once()
    {
        using var study = Study();
        foreach (string file in Directory.EnumerateFiles(study.Dir, "confidence.npy", SearchOption.AllDirectories)) File.Delete(file);
        var difficulty = Run(study);
        var line = Assert.Single(difficulty.Missing);
        Assert.StartsWith("confidence.npy: no run of the study has it", line);
        Assert.All(difficulty.Paradigms.Values, p => Assert.Null(p.Measures.Variability));
    }

    [Fact]
    public void A_missing_augmentation_file_leaves_out_only_the_pair_analysis()
    {
        using var study = Study();
        File.Delete(study.Folder.AugmentationsPath("simclr"));
        var difficulty = Run(study);
        Assert.Null(difficulty.Paradigms["simclr"].Pairs);
        Assert.NotNull(difficulty.Paradigms["supervised"].Pairs);
        Assert.Contains(difficulty.Missing, m => m.StartsWith("simclr: no pair analysis (") && m.Contains("simclr.csv: file not found"));
    }

    [Fact]
    public void Only_the_runs_StudyRecords_chose_are_read()
    {
        // Two complete runs and two that have just started: the analysis uses the complete ones only, and so do the measures.
        using var study = Study((paradigm, seed) => seed < 2 ? Epochs : 1);
        var records = StudyRecords.Load(study.Dir);
        Assert.Equal([0, 1], records.SeedsAnalysed["simclr"]);
        var difficulty = StudyDifficulty.Run(StudyAnalysis.Run(records));
        Assert.Equal(2, difficulty.Paradigms["simclr"].Measures.Runs);
        Assert.Equal(Epochs, difficulty.Paradigms["simclr"].Measures.Epochs);
    }
}
