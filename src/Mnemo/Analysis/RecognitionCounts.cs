namespace Mnemo.Analysis;

/// <summary>
/// A paradigm's recognition records summed over its N runs: how many runs recognise view m of
/// evaluation image k after epoch t, for the epochs 0..<see cref="Epochs"/> that every run has.
/// </summary>
public sealed class RecognitionCounts
{
    // [Epochs + 1, M, K], values 0..N.
    readonly int[] counts;

    public RecognitionCounts(int runs, int epochs, int augmentations, int images, int[] counts)
    {
        if (runs < 1 || epochs < 0 || augmentations < 1 || images < 1)
            throw new ArgumentException($"recognition counts: runs {runs}, epochs {epochs}, M {augmentations}, K {images}");
        if (counts.Length != (long)(epochs + 1) * augmentations * images)
            throw new ArgumentException($"recognition counts: {counts.Length} values do not fill [{epochs + 1}, {augmentations}, {images}]");
        (Runs, Epochs, Augmentations, Images, this.counts) = (runs, epochs, augmentations, images, counts);
    }

    /// <summary>N: runs summed.</summary>
    public int Runs { get; }
    /// <summary>Last epoch held; epoch 0 is the initialisation.</summary>
    public int Epochs { get; }
    /// <summary>M: fixed augmentations per image.</summary>
    public int Augmentations { get; }
    /// <summary>K: evaluation images.</summary>
    public int Images { get; }

    /// <summary>Runs that recognise view <paramref name="m"/> of image <paramref name="k"/> after <paramref name="epoch"/>.</summary>
    public int Count(int epoch, int m, int k) => counts[Offset(epoch, m) + k];

    /// <summary>Bernoulli trials behind one image's value: N*M averaged, N fixed.</summary>
    public int Trials(ProfileVariant variant) => variant == ProfileVariant.Averaged ? Runs * Augmentations : Runs;

    /// <summary>Per image, in record order: recognitions over the trials of <paramref name="variant"/>.</summary>
    public int[] Successes(int epoch, ProfileVariant variant)
    {
        var successes = new int[Images];
        int views = variant == ProfileVariant.Averaged ? Augmentations : 1;
        for (int m = 0; m < views; m++)
        {
            var row = counts.AsSpan(Offset(epoch, m), Images);
            for (int k = 0; k < row.Length; k++) successes[k] += row[k];
        }
        return successes;
    }

    /// <summary>p_t(x) (averaged) or p~_t(x~) for m = 0 (fixed), per image in record order.</summary>
    public double[] Probabilities(int epoch, ProfileVariant variant) =>
        Scale(Successes(epoch, variant), Trials(variant));

    /// <summary>p~_t for augmentation <paramref name="m"/>, per image in record order.</summary>
    public double[] AugmentationProbabilities(int epoch, int m)
    {
        var p = new double[Images];
        var row = counts.AsSpan(Offset(epoch, m), Images);
        for (int k = 0; k < p.Length; k++) p[k] = row[k] / (double)Runs;
        return p;
    }

    /// <summary>Mean of p over the K images at each epoch 0..Epochs.</summary>
    public double[] MeanByEpoch(ProfileVariant variant)
    {
        int views = variant == ProfileVariant.Averaged ? Augmentations : 1;
        double trials = (double)Trials(variant) * Images;
        var mean = new double[Epochs + 1];
        for (int t = 0; t <= Epochs; t++)
        {
            long sum = 0;
            foreach (int c in counts.AsSpan(Offset(t, 0), views * Images)) sum += c;
            mean[t] = sum / trials;
        }
        return mean;
    }

    int Offset(int epoch, int m)
    {
        if ((uint)epoch > (uint)Epochs) throw new ArgumentOutOfRangeException(nameof(epoch), $"epoch {epoch} outside 0..{Epochs}");
        if ((uint)m >= (uint)Augmentations) throw new ArgumentOutOfRangeException(nameof(m), $"augmentation {m} outside 0..{Augmentations - 1}");
        return (epoch * Augmentations + m) * Images;
    }

    static double[] Scale(int[] successes, int trials)
    {
        var p = new double[successes.Length];
        for (int k = 0; k < p.Length; k++) p[k] = successes[k] / (double)trials;
        return p;
    }
}
