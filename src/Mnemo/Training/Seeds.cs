using System.Text;

namespace Mnemo.Training;

/// <summary>
/// Every random draw of a study comes from a seed derived from (study seed, what it is for, ...):
/// a run's initialisation, its data order and augmentations of epoch t, the fixed evaluation views.
/// Drawing per epoch from a fresh derived seed is what makes a resumed run identical to a straight one:
/// no generator state has to survive the restart.
/// </summary>
public static class Seeds
{
    public static int Derive(int studySeed, string purpose, params int[] parts)
    {
        ulong h = Mix((ulong)(uint)studySeed);
        foreach (byte b in Encoding.UTF8.GetBytes(purpose)) h = Mix(h ^ b);
        foreach (int p in parts) h = Mix(h ^ (ulong)(uint)p);
        return (int)(h & 0x7fffffff);
    }

    // SplitMix64's finaliser: consecutive inputs give unrelated outputs.
    static ulong Mix(ulong z)
    {
        z += 0x9e3779b97f4a7c15;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

    /// <summary>A permutation of 0..n-1 (Fisher-Yates).</summary>
    public static int[] Permutation(int n, Random rng)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
