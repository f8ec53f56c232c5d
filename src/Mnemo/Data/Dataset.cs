using System.Security.Cryptography;

namespace Mnemo.Data;

/// <summary>Images as bytes in C order [Count, Channels, Height, Width] (0..255) with one class label each.</summary>
public sealed class ImageSet
{
    public byte[] Pixels { get; }
    public int[] Labels { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Count => Labels.Length;
    public int ImageSize => Channels * Height * Width;

    public ImageSet(byte[] pixels, int[] labels, int channels, int height, int width)
    {
        if (pixels.Length != (long)labels.Length * channels * height * width)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold {labels.Length} images of {channels}x{height}x{width}");
        (Pixels, Labels, Channels, Height, Width) = (pixels, labels, channels, height, width);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * ImageSize];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * ImageSize, pixels, (long)i * ImageSize, ImageSize);
            labels[i] = Labels[indices[i]];
        }
        return new ImageSet(pixels, labels, Channels, Height, Width);
    }

    /// <summary>Images per class, index = class.</summary>
    public int[] ClassCounts(int classes)
    {
        var counts = new int[classes];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }
}

/// <summary>A data set as a study sees it: a training split (the one memorisation is measured on) and a test split.</summary>
public sealed record Dataset(string Name, ImageSet Train, ImageSet Test, string[] ClassNames)
{
    public int Classes => ClassNames.Length;

    /// <summary>SHA-256 over shapes, pixels and labels of both splits: a study refuses data that changed under it.</summary>
    public string Fingerprint()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var set in new[] { Train, Test })
        {
            sha.AppendData(BitConverter.GetBytes(set.Count));
            sha.AppendData(BitConverter.GetBytes(set.Channels));
            sha.AppendData(BitConverter.GetBytes(set.Height));
            sha.AppendData(BitConverter.GetBytes(set.Width));
            sha.AppendData(set.Pixels);
            foreach (int label in set.Labels) sha.AppendData(BitConverter.GetBytes(label));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
