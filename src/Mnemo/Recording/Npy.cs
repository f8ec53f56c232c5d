using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Mnemo.Recording;

/// <summary>An n-dimensional array as numpy's .npy stores it: a shape and a flat C-order buffer.</summary>
public sealed record NdArray<T>(int[] Shape, T[] Data) where T : unmanaged
{
    public int Length => Data.Length;
}

/// <summary>
/// Reads and writes numpy .npy files (format 1.0, little-endian, C order) so that Python users
/// load Mnemo's records with a plain <c>np.load</c>.
/// </summary>
public static class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    static string Descr<T>() => typeof(T) switch
    {
        var t when t == typeof(byte) => "|u1",
        var t when t == typeof(Half) => "<f2",
        var t when t == typeof(float) => "<f4",
        var t when t == typeof(double) => "<f8",
        var t when t == typeof(int) => "<i4",
        var t when t == typeof(long) => "<i8",
        _ => throw new NotSupportedException($"npy: no dtype for {typeof(T).Name}"),
    };

    public static void Write<T>(string path, int[] shape, ReadOnlySpan<T> data) where T : unmanaged
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new ArgumentException($"npy: shape ({string.Join(", ", shape)}) holds {count} values, data has {data.Length}");
        byte[] bytes = MemoryMarshal.AsBytes(data).ToArray();
        AtomicFile.Write(path, stream => WriteTo(stream, Descr<T>(), shape, bytes));
    }

    public static void Write<T>(string path, NdArray<T> array) where T : unmanaged => Write<T>(path, array.Shape, array.Data);

    static void WriteTo(Stream stream, string descr, int[] shape, byte[] bytes)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // The whole preamble (magic, version, length, header, newline) is padded to a multiple of 64.
        int total = Magic.Length + 2 + 2 + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
        stream.Write(len);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(bytes);
    }

    public static NdArray<T> Read<T>(string path) where T : unmanaged
    {
        if (!File.Exists(path))
            throw new MnemoException($"{path}: file not found");
        using var stream = File.OpenRead(path);
        return Read<T>(stream, path);
    }

    /// <summary>Reads from <paramref name="stream"/>'s position; <paramref name="path"/> names it in errors.</summary>
    public static NdArray<T> Read<T>(Stream stream, string path) where T : unmanaged
    {
        var reader = new BinaryReader(stream);
        byte[] magic = reader.ReadBytes(6);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new MnemoException($"{path}: not a .npy file (bad magic)");
        byte major = reader.ReadByte();
        reader.ReadByte();
        int headerLength = major == 1 ? reader.ReadUInt16() : (int)reader.ReadUInt32();
        string header = Encoding.ASCII.GetString(reader.ReadBytes(headerLength));
        string descr = Field(header, "descr", path);
        if (descr != Descr<T>())
            throw new MnemoException($"{path}: dtype {descr}, expected {Descr<T>()}");
        if (header.Contains("'fortran_order': True"))
            throw new MnemoException($"{path}: Fortran-order arrays are not supported");
        int[] shape = ParseShape(header, path);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int size = Marshal.SizeOf<T>();
        byte[] bytes = reader.ReadBytes(checked((int)(count * size)));
        if (bytes.Length != count * size)
            throw new MnemoException($"{path}: truncated (expected {count * size} data bytes, found {bytes.Length})");
        return new NdArray<T>(shape, MemoryMarshal.Cast<byte, T>(bytes).ToArray());
    }

    static string Field(string header, string name, string path)
    {
        int at = header.IndexOf($"'{name}':", StringComparison.Ordinal);
        if (at < 0) throw new MnemoException($"{path}: npy header has no '{name}'");
        int open = header.IndexOf('\'', at + name.Length + 3);
        int close = header.IndexOf('\'', open + 1);
        return header[(open + 1)..close];
    }

    static int[] ParseShape(string header, string path)
    {
        int at = header.IndexOf("'shape':", StringComparison.Ordinal);
        if (at < 0) throw new MnemoException($"{path}: npy header has no 'shape'");
        int open = header.IndexOf('(', at), close = header.IndexOf(')', open);
        return header[(open + 1)..close]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
    }
}
