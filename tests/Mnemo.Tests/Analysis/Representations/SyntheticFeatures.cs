namespace Mnemo.Tests.Analysis.Representations;

// Gaussian clusters: cluster c has a random centre (N(0, spread^2) per dimension) and unit-variance noise.
internal static class SyntheticFeatures
{
    public static (float[] X, int[] Labels) Clusters(int clusters, int perCluster, int dim, double spread, int seed)
    {
        var rng = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Enumerable.Range(0, dim).Select(_ => spread * Gaussian(rng)).ToArray()).ToArray();
        int n = clusters * perCluster;
        var x = new float[n * dim];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            // Interleaved, so that no method can profit from points of a cluster being adjacent.
            labels[i] = i % clusters;
            for (int d = 0; d < dim; d++) x[i * dim + d] = (float)(centres[labels[i]][d] + Gaussian(rng));
        }
        return (x, labels);
    }

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
