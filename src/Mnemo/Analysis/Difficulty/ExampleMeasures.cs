namespace Mnemo.Analysis.Difficulty;

/// <summary>
/// One per-example measure of a paradigm: its value per network and evaluation image, and per image
/// its mean and sample standard deviation over the networks where it is defined. NaN marks an
/// undefined value (e.g. the first-learned epoch of an image a network never learned).
/// </summary>
public sealed class MeasureAcrossNetworks
{
    internal MeasureAcrossNetworks(double[][] perNetwork, int images)
    {
        PerNetwork = perNetwork;
        Mean = new double[images];
        Std = new double[images];
        Defined = new int[images];
        var values = new double[perNetwork.Length];
        for (int k = 0; k < images; k++)
        {
            int defined = 0;
            foreach (var network in perNetwork)
                if (!double.IsNaN(network[k])) values[defined++] = network[k];
            Defined[k] = defined;
            Mean[k] = Moments.Mean(values.AsSpan(0, defined));
            Std[k] = Moments.Std(values.AsSpan(0, defined), ddof: 1);
        }
    }

    /// <summary>[N][K]: the value for network n (in the order runs were added) and image k; NaN where undefined.</summary>
    public IReadOnlyList<double[]> PerNetwork { get; }
    /// <summary>[K]: mean over the networks that define it; NaN if none does.</summary>
    public double[] Mean { get; }
    /// <summary>[K]: sample standard deviation (N - 1) over the networks that define it; NaN for fewer than two.</summary>
    public double[] Std { get; }
    /// <summary>[K]: how many networks define it.</summary>
    public int[] Defined { get; }
}

/// <summary>
/// Per-example measures of one paradigm over its N networks, from epochs 1..T only (epoch 0, the
/// initialisation, is recorded but is chance, so it would only add noise):
/// Toneva et al. (2019) forgetting events and first-learned epoch, the epoch an image stays learned from,
/// learning speed (mean recognition over epochs, the cheap proxy of Jiang et al.'s 2021 C-score),
/// Pleiss et al. (2020) area under the margin, and Swayamdipta et al. (2020) cartography confidence and
/// variability. Each network's value per image aggregates its M views: see
/// <see cref="ExampleMeasureAccumulator"/>.
/// </summary>
/// <param name="FirstLearned">Epoch of the first recognition, mean over the views ever learned; undefined if none was.</param>
/// <param name="StaysLearned">First epoch from which a view is recognised at every later epoch, mean over the views recognised at epoch T; undefined if none was.</param>
/// <param name="Forgetting">Forgetting events (1 -> 0 transitions between consecutive epochs 1..T), mean over the views ever learned; undefined if none was.</param>
/// <param name="NeverLearned">Share of the M views never recognised at epochs 1..T.</param>
/// <param name="LearningSpeed">Share of epochs 1..T at which a view is recognised, mean over views.</param>
/// <param name="Aum">Area under the margin: mean margin over epochs 1..T, mean over views (margin units: logits, or cosine / tau for SimCLR).</param>
/// <param name="Confidence">Mean over epochs 1..T of the probability of the right answer, mean over views; null when a run had no confidence record.</param>
/// <param name="Variability">Population standard deviation over epochs 1..T of that probability, mean over views; null like <paramref name="Confidence"/>.</param>
public sealed record ExampleMeasures(
    int Runs, int Epochs, int Augmentations, int Images,
    MeasureAcrossNetworks FirstLearned, MeasureAcrossNetworks StaysLearned, MeasureAcrossNetworks Forgetting,
    MeasureAcrossNetworks NeverLearned, MeasureAcrossNetworks LearningSpeed, MeasureAcrossNetworks Aum,
    MeasureAcrossNetworks? Confidence, MeasureAcrossNetworks? Variability)
{
    // The measures as examples.csv and summary.json name them, in that order.
    static readonly (string Name, Func<ExampleMeasures, MeasureAcrossNetworks?> Of)[] measures =
    [
        ("first_learned", m => m.FirstLearned), ("stays_learned", m => m.StaysLearned), ("forgetting", m => m.Forgetting),
        ("never_learned", m => m.NeverLearned), ("learning_speed", m => m.LearningSpeed), ("aum", m => m.Aum),
        ("confidence", m => m.Confidence), ("variability", m => m.Variability),
    ];

    /// <summary>Every measure's name (first_learned, ..., variability), as examples.csv and summary.json spell them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. measures.Select(m => m.Name)];

    /// <summary>The measures by <see cref="Names"/>, in that order; null where not recorded (confidence and variability of old studies).</summary>
    public IReadOnlyList<(string Name, MeasureAcrossNetworks? Values)> Named => [.. measures.Select(m => (m.Name, m.Of(this)))];
}
