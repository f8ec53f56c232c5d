namespace Mnemo.Analysis;

/// <summary>Threshold epochs: where paradigms trained for different lengths are aligned.</summary>
public static class ThresholdEpochs
{
    /// <summary>The first epoch whose mean p is at least <paramref name="threshold"/>; null if none is.</summary>
    public static int? First(IReadOnlyList<double> meanByEpoch, double threshold)
    {
        for (int t = 0; t < meanByEpoch.Count; t++)
            if (meanByEpoch[t] >= threshold) return t;
        return null;
    }

    /// <summary>Per image, the first epoch at which its averaged p_t(x) is at least <paramref name="threshold"/>; null if never.</summary>
    public static int?[] FirstPerImage(RecognitionCounts counts, double threshold)
    {
        var first = new int?[counts.Images];
        double needed = threshold * counts.Trials(ProfileVariant.Averaged);
        for (int t = 0; t <= counts.Epochs; t++)
        {
            var successes = counts.Successes(t, ProfileVariant.Averaged);
            for (int k = 0; k < first.Length; k++)
                if (first[k] is null && successes[k] >= needed) first[k] = t;
        }
        return first;
    }
}
