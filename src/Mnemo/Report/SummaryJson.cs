using System.Text.Json;
using System.Text.Json.Serialization;
using Mnemo.Analysis;
using Mnemo.Recording;
using Mnemo.Study;

namespace Mnemo.Report;

/// <summary>summary.json: the report's numbers in a stable shape for scripts.</summary>
public static class SummaryJson
{
    public sealed record Summary(
        StudyInfo Study, Dictionary<string, ParadigmSummary> Paradigms, List<FindingSummary> Findings, List<MissingRun> MissingRuns,
        List<DamagedRun> DamagedRuns, List<string> UnverifiedRuns, RepresentationSummary? Representations = null,
        DifficultySummary.Study? Difficulty = null);

    /// <summary>A run left out of the analysis: <c>Reason</c> names each file and what is wrong with it.</summary>
    public sealed record DamagedRun(string Run, string? State, string Reason);

    /// <summary>Linear probe per network (paradigms, random-init, raw-pixels) and the networks figures 6-7 skipped.</summary>
    public sealed record RepresentationSummary(IReadOnlyList<ProbeRow> LinearProbe, IReadOnlyList<string> Skipped,
                                              IReadOnlyList<string> Warnings, int TsnePoints);

    public sealed record StudyInfo(string Dir, string Dataset, string Preset, int Seed, int K, int M, int ModelsPlanned, double[] Thresholds, bool Complete);

    public sealed record ParadigmSummary(
        int N, int M, int K, int RunsPlanned, int EpochsAnalysed, int EpochsPlanned,
        Dictionary<string, double[]> MeanPByEpoch, List<ThresholdSummary> Averaged, List<FixedThresholdSummary> Fixed);

    /// <summary>One threshold; every value but <c>p</c> is null when the mean never reaches it.</summary>
    public record ThresholdSummary(
        double P, int? Epoch, double? MeanP, double? MaeMean, double? MaeStd, double? MaeNull, double? EnvelopeOutside,
        CalibratedSummary? Calibrated);

    public sealed record FixedThresholdSummary(
        double P, int? Epoch, double? MeanP, double? MaeMean, double? MaeStd, double? MaeNull, double? EnvelopeOutside,
        CalibratedSummary? Calibrated, [property: JsonPropertyOrder(1)] ChiSquareSummary? Chi2)
        : ThresholdSummary(P, Epoch, MeanP, MaeMean, MaeStd, MaeNull, EnvelopeOutside, Calibrated);

    /// <summary>The calibrated contrast (<see cref="Analysis.Difficulty.CalibratedContrast"/>) without its expected curve.</summary>
    public sealed record CalibratedSummary(
        double Distance, double NullMean, double NullStd, double Excess, double ExcessInNullSd, double PValue, int IndependentTrials, int Draws);

    public sealed record ChiSquareSummary(double Statistic, int Dof, double PValue, int Bins);

    public sealed record FindingSummary(string Id, bool? Holds, string Statement, string Detail, IReadOnlyList<IReadOnlyDictionary<string, double>> Evidence);

    public sealed record MissingRun(string Run, int? EpochsRecorded, int EpochsPlanned, string? State, string Description);

    public static Summary Build(StudyAnalysis analysis)
    {
        var records = analysis.Records;
        var config = records.Config;
        var study = new StudyInfo(records.Folder.Root, records.Manifest.DatasetName, config.Preset, config.Seed, config.EvalSize,
            config.Augmentations, config.Models, analysis.Thresholds.ToArray(), records.Runs.All(r => r.Complete));
        var paradigms = analysis.Paradigms.Values.ToDictionary(p => p.Paradigm, Paradigm);
        var findings = analysis.Findings.Select(f => new FindingSummary(f.Id, f.Holds, f.Statement, f.Detail, f.Evidence)).ToList();
        var missing = records.Incomplete.Select(r =>
            new MissingRun(r.Name, r.EpochsRecorded, r.EpochsPlanned, r.State?.ToString().ToLowerInvariant(), r.Describe())).ToList();
        var damaged = records.Damaged.Select(r => new DamagedRun(r.Name, r.State?.ToString().ToLowerInvariant(), r.Damage!)).ToList();
        return new Summary(study, paradigms, findings, missing, damaged, records.Unverified.Select(r => r.Name).ToList());
    }

    public static string Write(StudyAnalysis analysis, string path, Analysis.Difficulty.StudyDifficulty difficulty, RepresentationResult? representations = null)
    {
        var summary = Build(analysis) with
        {
            Representations = representations is null ? null
                : new RepresentationSummary(representations.Probe, representations.Skipped, representations.Warnings, representations.TsnePoints),
            Difficulty = DifficultySummary.Build(difficulty),
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(summary, StudyFolder.Json));
        return path;
    }

    static ParadigmSummary Paradigm(ParadigmAnalysis p) => new(
        p.N, p.M, p.K, p.RunsPlanned, p.EpochsAnalysed, p.EpochsPlanned,
        new Dictionary<string, double[]> { ["averaged"] = p.MeanAveraged, ["fixed"] = p.MeanFixed },
        p.Averaged.Select(t => t.Reached is { } r
            ? new ThresholdSummary(t.P, r.Epoch, r.MeanP, r.MaeMean, r.MaeStd, r.MaeNull, r.EnvelopeOutside, Calibrated(r))
            : new ThresholdSummary(t.P, null, null, null, null, null, null, null)).ToList(),
        p.Fixed.Select(t => t.Reached is { } r
            ? new FixedThresholdSummary(t.P, r.Epoch, r.MeanP, r.MaeMean, r.MaeStd, r.MaeNull, r.EnvelopeOutside, Calibrated(r),
                r.Chi2 is { } c ? new ChiSquareSummary(c.Statistic, c.Dof, c.PValue, c.Bins) : null)
            : new FixedThresholdSummary(t.P, null, null, null, null, null, null, null, null)).ToList());

    static CalibratedSummary Calibrated(ProfileComparison r) => new(
        r.Contrast.Distance, r.Contrast.NullMean, r.Contrast.NullStd, r.Contrast.Excess, r.Contrast.ExcessInNullSd,
        r.Contrast.PValue, r.Contrast.IndependentTrials, r.Contrast.Draws);
}
