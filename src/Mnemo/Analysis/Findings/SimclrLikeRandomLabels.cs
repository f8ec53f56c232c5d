using static Mnemo.Analysis.Findings.MatchedThresholds;

namespace Mnemo.Analysis.Findings;

/// <summary>Finding 3: averaged over augmentations, SimCLR's profiles look like those of random labels.</summary>
static class SimclrLikeRandomLabels
{
    public const string Id = "simclr-like-random-labels";

    static readonly string Statement =
        "Averaged over augmentations, SimCLR's profiles look like random labels' profiles. For each random-label paradigm " +
        "(random-labels, random-labels-aug), over the thresholds it, SimCLR and supervised all reach, with MAEs averaged over them: " +
        "holds when SimCLR's MAE is closer to that random-label paradigm's than to supervised's, for at least one of the two.";

    public static Finding Evaluate(IReadOnlyDictionary<string, ParadigmAnalysis> paradigms, IReadOnlyList<double> thresholds)
    {
        if (!paradigms.TryGetValue(Simclr, out var simclr)) return Finding.NotMeasurable(Id, Statement, "no simclr runs in the study");
        if (!paradigms.TryGetValue(Supervised, out var supervised)) return Finding.NotMeasurable(Id, Statement, "no supervised runs in the study");
        var randoms = new[] { RandomLabels, RandomLabelsAug }.Where(paradigms.ContainsKey).Select(r => paradigms[r]).ToList();
        if (randoms.Count == 0) return Finding.NotMeasurable(Id, Statement, "no random-labels or random-labels-aug runs in the study");

        var verdicts = new List<(string Text, bool Closer)>();
        var reasons = new List<string>();
        foreach (var random in randoms)
        {
            var needs = new[] { (simclr, ProfileVariant.Averaged), (supervised, ProfileVariant.Averaged), (random, ProfileVariant.Averaged) };
            var matched = Where(thresholds, needs);
            if (matched.Count == 0)
            {
                reasons.Add(NoneShared(thresholds, needs));
                continue;
            }
            double sim = MeanMae(simclr, ProfileVariant.Averaged, matched);
            double sup = MeanMae(supervised, ProfileVariant.Averaged, matched);
            double rand = MeanMae(random, ProfileVariant.Averaged, matched);
            bool closer = Math.Abs(sim - rand) < Math.Abs(sim - sup);
            verdicts.Add(($"at thresholds {List(matched)}: simclr MAE {sim:0.0000}, {random.Paradigm} {rand:0.0000} " +
                          $"(distance {Math.Abs(sim - rand):0.0000}), supervised {sup:0.0000} (distance {Math.Abs(sim - sup):0.0000}); " +
                          $"calibrated excess over equally hard pairs: {Contrast("simclr", simclr, ProfileVariant.Averaged, matched)}, " +
                          $"{Contrast(random.Paradigm, random, ProfileVariant.Averaged, matched)}, {Contrast("supervised", supervised, ProfileVariant.Averaged, matched)}", closer));
        }
        if (verdicts.Count == 0) return Finding.NotMeasurable(Id, Statement, string.Join("; ", reasons));

        var evidence = Where(thresholds, (simclr, ProfileVariant.Averaged), (supervised, ProfileVariant.Averaged)).Select(p =>
        {
            var row = new Dictionary<string, double>
            {
                ["p"] = p,
                ["simclr_mae"] = Mae(simclr, ProfileVariant.Averaged, p),
                ["supervised_mae"] = Mae(supervised, ProfileVariant.Averaged, p),
            };
            AddContrast(row, "simclr", simclr, ProfileVariant.Averaged, p);
            AddContrast(row, "supervised", supervised, ProfileVariant.Averaged, p);
            foreach (var random in randoms)
                if (random.At(ProfileVariant.Averaged, p) is { } reached)
                {
                    row[$"{random.Paradigm}_mae"] = reached.MaeMean;
                    AddContrast(row, random.Paradigm, random, ProfileVariant.Averaged, p);
                }
            return (IReadOnlyDictionary<string, double>)row;
        }).ToList();
        return new Finding(Id, verdicts.Any(v => v.Closer), Statement, string.Join("; ", verdicts.Select(v => v.Text)), evidence);
    }
}
