using Mnemo.Benchmarks;
using Mnemo.Analysis;
using Mnemo.Report;
using Xunit;

namespace Mnemo.Tests.Analysis;

public class FindingsTests
{
    const int Runs = 12, Epochs = 10, M = 5, K = 200;

    static StudyAnalysis Analyse(int paradigms, SimulatedStudy.Recognition probability, SimulatedStudy.Progress? recorded = null)
    {
        using var study = TempStudy.Simulate(SimulatedStudy.Config(paradigms, Runs, Epochs, M, K), probability, recorded);
        return StudyAnalysis.Run(StudyRecords.Load(study.Dir));
    }

    static bool? Holds(StudyAnalysis analysis, string id) => analysis.Findings.Single(f => f.Id == id).Holds;

    [Fact]
    public void PaperLikeStudyShowsAllThreeFindings()
    {
        var analysis = Analyse(4, AnalysisBenchmark.LearningCurves(Epochs, M, K));
        Assert.All(analysis.Findings, f => Assert.True(f.Holds, $"{f.Id}: {f.Detail}"));
        Assert.All(analysis.Findings, f => Assert.NotEmpty(f.Evidence));
    }

    [Fact]
    public void SameStructureInEveryParadigmShowsNone()
    {
        // Every paradigm: images differ the same way and augmentations not at all.
        var curves = AnalysisBenchmark.LearningCurves(Epochs, M, K);
        var analysis = Analyse(4, (_, t, _, k) => curves("supervised", t, 0, k));
        Assert.False(Holds(analysis, "supervised-contrast"));
        Assert.False(Holds(analysis, "simclr-fixed-departs"));
    }

    [Fact]
    public void MissingParadigmsMakeFindingsNotMeasurable()
    {
        var analysis = Analyse(2, AnalysisBenchmark.LearningCurves(Epochs, M, K), (paradigm, _) => paradigm == "supervised" ? -1 : Epochs);
        Assert.All(analysis.Findings, f => Assert.Null(f.Holds));
        Assert.Contains("no supervised runs", analysis.Findings[0].Detail);
    }

    [Fact]
    public void ThresholdsNeverReachedTogetherMakeAFindingNotMeasurable()
    {
        // SimCLR never rises above 0.1: no threshold is shared with supervised.
        var curves = AnalysisBenchmark.LearningCurves(Epochs, M, K);
        var analysis = Analyse(2, (paradigm, t, m, k) => paradigm == "simclr" ? 0.05 : curves(paradigm, t, m, k));
        var finding = analysis.Findings.Single(f => f.Id == "supervised-contrast");
        Assert.Null(finding.Holds);
        Assert.Contains("no threshold is reached by all of", finding.Detail);
        Assert.Contains("simclr (averaged: none)", finding.Detail);
    }
}
