using System.Buffers.Binary;

namespace Mnemo.Data;

// Images of one IDX file: pixels in C order [Count, Height, Width].
internal sealed record IdxImages(byte[] Pixels, int Count, int Height, int Width);

// The IDX format of MNIST and Fashion-MNIST: a big-endian header (magic 0x000008DD, where 08 is
// the uint8 type and DD the number of dimensions, then one uint32 per dimension) and the data.
internal static class IdxReader
{
    const int ImagesMagic = 0x00000803;
    const int LabelsMagic = 0x00000801;

    public static IdxImages ReadImages(string path)
    {
        var data = DataFile.ReadAll(path).Span;
        var dims = ReadHeader(path, data, ImagesMagic, "uint8 images of 3 dimensions");
        if (dims[1] == 0 || dims[2] == 0)
            throw DataFile.Error(path, $"header promises images of {dims[1]}x{dims[2]} pixels");
        var body = Body(path, data, dims, $"{dims[0]} images of {dims[1]}x{dims[2]}");
        return new IdxImages(body.ToArray(), (int)dims[0], (int)dims[1], (int)dims[2]);
    }

    public static int[] ReadLabels(string path)
    {
        var data = DataFile.ReadAll(path).Span;
        var dims = ReadHeader(path, data, LabelsMagic, "uint8 labels of 1 dimension");
        var body = Body(path, data, dims, $"{dims[0]} labels");
        var labels = new int[body.Length];
        for (int i = 0; i < body.Length; i++) labels[i] = body[i];
        return labels;
    }

    static long[] ReadHeader(string path, ReadOnlySpan<byte> data, int magic, string meaning)
    {
        int rank = magic & 0xff;
        int headerLength = 4 + 4 * rank;
        if (data.Length < 4)
            throw DataFile.Error(path, $"truncated: {data.Length} bytes, too short for an IDX header");
        int found = BinaryPrimitives.ReadInt32BigEndian(data);
        if (found != magic)
            throw DataFile.Error(path, $"wrong IDX magic number 0x{found:x8}, expected 0x{magic:x8} ({meaning})");
        if (data.Length < headerLength)
            throw DataFile.Error(path, $"truncated: {data.Length} bytes, too short for its {headerLength}-byte IDX header");
        var dims = new long[rank];
        for (int d = 0; d < rank; d++)
            dims[d] = BinaryPrimitives.ReadUInt32BigEndian(data[(4 + 4 * d)..]);
        return dims;
    }

    // Exactly as long as the header promises: a longer file is as suspect as a shorter one.
    static ReadOnlySpan<byte> Body(string path, ReadOnlySpan<byte> data, long[] dims, string promise)
    {
        int headerLength = 4 + 4 * dims.Length;
        long expected = 1;
        foreach (long d in dims)
        {
            expected *= d; // stays below 2^63: each factor is < 2^32 and the running product <= Array.MaxLength
            if (d > int.MaxValue || expected > Array.MaxLength)
                throw DataFile.Error(path, $"header promises {promise}, more than one array can hold");
        }
        long actual = data.Length - headerLength;
        if (actual < expected)
            throw DataFile.Error(path, $"truncated: header promises {promise} ({expected} bytes) but only {actual} follow");
        if (actual > expected)
            throw DataFile.Error(path, $"{actual - expected} bytes beyond the {promise} its header promises");
        return data[headerLength..];
    }
}
