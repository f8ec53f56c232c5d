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
/// Writes numpy .npy files (format 1.0, little-endian, C order) so that Python users
/// load Mnemo's records with a plain <c>np.load</c>, and reads them back.
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

    // Mnemo's headers are under 128 bytes; numpy's own reader refuses more than 10,000 unless told.
    const int MaxHeaderLength = 1 << 16;

    /// <summary>
    /// Reads a .npy file of format 1.0, 2.0 or 3.0 that holds a little-endian C-order array of <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="MnemoException">The file is missing, unreadable or not such an array; the message is one line that names it.</exception>
    public static NdArray<T> Read<T>(string path) where T : unmanaged => Read<T>(path, reuse: null);

    /// <summary>As <see cref="Read{T}(string)"/>, into <paramref name="reuse"/> when it has exactly the array's length: a
    /// reader of many records of one shape (the runs of a paradigm) then allocates and clears no new array for each.</summary>
    public static NdArray<T> Read<T>(string path, T[]? reuse) where T : unmanaged
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 12);
            return ReadFrom<T>(stream, path, reuse);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw Error(path, "file not found"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, $"cannot be read ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>Reads a seekable stream that holds one .npy file from position 0 (a file's bytes read at once, say);
    /// <paramref name="path"/> names it in errors.</summary>
    public static NdArray<T> Read<T>(Stream stream, string path) where T : unmanaged => ReadFrom<T>(stream, path, reuse: null);

    // Every size is checked against the stream's length before anything of that size is allocated.
    static NdArray<T> ReadFrom<T>(Stream stream, string path, T[]? reuse) where T : unmanaged
    {
        long fileLength = stream.Length;
        Span<byte> preamble = stackalloc byte[12];
        int read = stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false);
        if (read < Magic.Length || !preamble[..Magic.Length].SequenceEqual(Magic))
            throw Error(path, "not a .npy file (bad magic)");
        if (read < 8)
            throw Error(path, $"truncated: {fileLength} bytes, too short for a .npy preamble");
        byte major = preamble[6], minor = preamble[7];
        if (major is not (1 or 2 or 3))
            throw Error(path, $"npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");
        // 1.0 gives the header's length in 2 bytes; 2.0 and 3.0 (a UTF-8 header) in 4.
        int headerStart = major == 1 ? 10 : 12;
        if (read < headerStart)
            throw Error(path, $"truncated: {fileLength} bytes, too short for a version {major}.{minor} preamble");
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (headerLength > MaxHeaderLength)
            throw Error(path, $"npy header of {headerLength} bytes, longer than the {MaxHeaderLength} a plain array needs");
        if (headerStart + headerLength > fileLength)
            throw Error(path, $"truncated: its {headerLength}-byte header runs past the file's end at {fileLength} bytes");

        var headerBytes = new byte[headerLength];
        stream.Position = headerStart;
        stream.ReadExactly(headerBytes);
        string headerText = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortranOrder, shape) = new Header(headerText, path).Parse();
        if (descr != Descr<T>())
            throw Error(path, $"dtype {Printable(descr)}, expected {Descr<T>()}");
        if (fortranOrder)
            throw Error(path, "Fortran-order arrays are not supported");

        int size = Marshal.SizeOf<T>();
        long count = 1; // stays below 2^62: each factor is < 2^31 and the running product below Array.MaxLength
        foreach (int d in shape)
            if ((count *= d) > Array.MaxLength / size)
                throw Error(path, $"shape ({string.Join(", ", shape)}) holds more values than one array can");
        long expected = count * size, found = fileLength - headerStart - headerLength;
        if (found < expected)
            throw Error(path, $"truncated (expected {expected} data bytes, found {found})");
        if (found > expected)
            throw Error(path, $"{found - expected} bytes beyond the {expected} data bytes its header promises");
        var data = reuse?.LongLength == count ? reuse : new T[count];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return new NdArray<T>(shape, data);
    }

    static MnemoException Error(string path, string problem) => new($"{path}: {problem}");

    // Text from the file, safe to put in a one-line message.
    static string Printable(string text)
    {
        string shown = string.Concat(text.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?'));
        return text.Length > 40 ? $"'{shown}...'" : $"'{shown}'";
    }

    // The header is a Python dict literal, as numpy writes it: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
    // padded with spaces and a newline. Of what numpy's literal_eval accepts, what a plain array's
    // header can be is read: either quote, any spacing, keys in any order, a trailing comma.
    sealed class Header(string text, string path)
    {
        int at;

        public (string Descr, bool FortranOrder, int[] Shape) Parse()
        {
            string? descr = null;
            bool? fortranOrder = null;
            int[]? shape = null;
            Expect('{');
            while (!Next('}'))
            {
                string key = String();
                Expect(':');
                switch (key)
                {
                    case "descr" when descr is null: descr = String(); break;
                    case "fortran_order" when fortranOrder is null: fortranOrder = Bool(); break;
                    case "shape" when shape is null: shape = Shape(); break;
                    default: throw Malformed($"key {Printable(key)} repeated or unknown");
                }
                if (!Next(',')) { Expect('}'); break; }
            }
            SkipSpace();
            if (at < text.Length) throw Malformed("text after the closing brace");
            return (descr ?? throw Missing("descr"), fortranOrder ?? throw Missing("fortran_order"), shape ?? throw Missing("shape"));
        }

        MnemoException Malformed(string problem) => Error(path, $"npy header is not a dict numpy writes: {problem} at character {at}");

        MnemoException Missing(string key) => Error(path, $"npy header has no '{key}'");

        void SkipSpace()
        {
            while (at < text.Length && text[at] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v') at++;
        }

        bool Next(char c)
        {
            SkipSpace();
            if (at >= text.Length || text[at] != c) return false;
            at++;
            return true;
        }

        void Expect(char c)
        {
            if (!Next(c)) throw Malformed($"expected '{c}'");
        }

        string String()
        {
            SkipSpace();
            if (at >= text.Length || text[at] is not ('\'' or '"')) throw Malformed("expected a quoted string");
            int close = text.IndexOf(text[at], at + 1);
            if (close < 0) throw Malformed("a string without its closing quote");
            string value = text[(at + 1)..close];
            at = close + 1;
            return value;
        }

        bool Bool()
        {
            SkipSpace();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
                if (string.CompareOrdinal(text, at, word, 0, word.Length) == 0)
                {
                    at += word.Length;
                    return value;
                }
            throw Malformed("expected True or False");
        }

        // A tuple of dimensions, each 0..2^31-1: what an array's length can be.
        int[] Shape()
        {
            Expect('(');
            var dims = new List<int>();
            while (!Next(')'))
            {
                dims.Add(Dimension());
                if (!Next(',')) { Expect(')'); break; }
            }
            return [.. dims];
        }

        int Dimension()
        {
            SkipSpace();
            int start = at;
            long value = 0;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                value = value * 10 + (text[at++] - '0');
                if (value > int.MaxValue) throw Malformed($"shape entry {text[start..at]}... too large for an array");
            }
            if (at == start)
                throw Malformed(at < text.Length && text[at] == '-' ? "a negative shape entry" : "expected a shape entry (a whole number)");
            return (int)value;
        }
    }
}
