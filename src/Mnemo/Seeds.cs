using System.Text;

namespace Mnemo;

/// <summary>
/// Every random draw of Mnemo comes from a seed derived from (a seed, what it is for, ...): a run's
/// initialisation, its data order and augmentations of epoch t, the fixed evaluation views, the report's
/// binomial draws. Drawing per epoch from a fresh derived seed is what makes a resumed run identical to a
/// straight one: no generator state has to survive the restart. (string.GetHashCode is randomised per process.)
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

    /// <summary>Fills <paramref name="bytes"/> with the SplitMix64 stream of <paramref name="seed"/>: fast, and unlike
    /// System.Random seeded with neighbouring integers, neighbouring seeds give unrelated streams.</summary>
    public static void Fill(Span<byte> bytes, ulong seed)
    {
        Span<byte> word = stackalloc byte[8];
        for (int i = 0; i < bytes.Length; i += 8, seed += Golden)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(word, Mix(seed));
            word[..Math.Min(8, bytes.Length - i)].CopyTo(bytes[i..]);
        }
    }

    const ulong Golden = 0x9e3779b97f4a7c15;

    // SplitMix64's step and finaliser: consecutive inputs give unrelated outputs.
    static ulong Mix(ulong z)
    {
        z += Golden;
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
