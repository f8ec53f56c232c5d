using System.Buffers.Binary;
using System.IO.Compression;

namespace Mnemo.Data;

// Reads data files whole. Every failure becomes a one-line MnemoException that
// names the file, so a bad download reads as a user error rather than a crash.
internal static class DataFile
{
    public static MnemoException Error(string path, string problem) => new($"{path}: {problem}");

    // The most a data file may hold, decompressed. MNIST's largest file is 47 MB and CIFAR-10's
    // 31 MB: 1 GiB leaves room for larger data sets of their kind, and a decompression bomb (deflate
    // expands up to 1032-fold) or a corrupt size stops there instead of at the memory's end.
    public const int MaxLength = 1 << 30;

    // Gzip is told by its magic bytes, not by the name: a file gunzipped by hand often keeps its
    // .gz name, and the reverse.
    public static ReadOnlyMemory<byte> ReadAll(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!IsGzip(file))
            {
                if (file.Length > MaxLength)
                    throw Error(path, $"{file.Length} bytes, more than the 1 GiB a data file may hold");
                var bytes = new byte[file.Length];
                file.ReadExactly(bytes);
                return bytes;
            }
            uint recordedSize = GzipRecordedSize(path, file);
            if (recordedSize > MaxLength)
                throw Error(path, $"truncated or corrupt gzip stream, or more than the 1 GiB a data file may hold: its trailer records {recordedSize} bytes");
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Decompress(path, gzip, (int)recordedSize, file.Length);
        }
        catch (FileNotFoundException) { throw Error(path, "file not found"); }
        catch (DirectoryNotFoundException) { throw Error(path, "folder not found"); }
        // Not e.Message: .NET 10 words data errors as "unsupported compression method", which misleads.
        catch (InvalidDataException e) { throw new MnemoException($"{path}: corrupt gzip stream: the data does not decompress", e); }
        catch (EndOfStreamException) { throw Error(path, "truncated: the file ended while it was being read"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, $"cannot be read ({OneLine(e.Message)})");
        }
    }

    // Data sets compress 2- to 5-fold (Fashion-MNIST's images 1.8, MNIST's 4.8): a trailer that
    // records up to 8 times the file sizes the buffer at once, sparing a 47 MB array its doublings;
    // a larger record may be corrupt, so the buffer grows with what actually decompresses.
    const int PlausibleExpansion = 8;

    // Decompresses no more than the trailer records: a stream that holds more is corrupt or a
    // bomb, and reading one byte past the record tells.
    static ReadOnlyMemory<byte> Decompress(string path, GZipStream gzip, int recordedSize, long compressedLength)
    {
        var output = new byte[Math.Min(recordedSize, PlausibleExpansion * compressedLength)];
        int length = 0;
        while (length < recordedSize)
        {
            if (length == output.Length)
                Array.Resize(ref output, (int)Math.Min(recordedSize, Math.Max(2L * length, 1 << 16)));
            int read = gzip.Read(output, length, output.Length - length);
            if (read == 0) break;
            length += read;
        }
        // zlib checks the trailer only when it is there: a cut file just ends early, so compare sizes.
        if (length < recordedSize)
            throw Error(path, $"truncated or corrupt gzip stream: {length} bytes decompressed, its trailer records {recordedSize}");
        Span<byte> beyond = stackalloc byte[1];
        if (gzip.Read(beyond) > 0)
            throw Error(path, $"truncated or corrupt gzip stream: it decompresses to more than the {recordedSize} bytes its trailer records");
        return output;
    }

    static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    // The uncompressed size mod 2^32 that gzip's trailer (the last 4 bytes) records. Only the last
    // member's: a multi-member file would be refused, which the published data sets are not.
    static uint GzipRecordedSize(string path, FileStream file)
    {
        const int smallestGzip = 10 + 2 + 8; // header, empty deflate block, trailer
        if (file.Length < smallestGzip)
            throw Error(path, $"truncated gzip stream: {file.Length} bytes");
        Span<byte> trailer = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(trailer);
        file.Position = 0;
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
