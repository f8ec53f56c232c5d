using System.Buffers.Binary;
using System.IO.Compression;

namespace Mnemo.Data;

// Reads data files whole. Every failure becomes a one-line MnemoException that
// names the file, so a bad download reads as a user error rather than a crash.
internal static class DataFile
{
    public static MnemoException Error(string path, string problem) => new($"{path}: {problem}");

    // Gzip is told by its magic bytes, not by the name: a file gunzipped by hand often keeps its
    // .gz name, and the reverse.
    public static ReadOnlyMemory<byte> ReadAll(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            if (!IsGzip(file))
            {
                var bytes = new byte[file.Length];
                file.ReadExactly(bytes);
                return bytes;
            }
            uint recordedSize = GzipRecordedSize(path, file);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var output = new MemoryStream(SizeHint(recordedSize, file.Length));
            gzip.CopyTo(output, 1 << 20);
            // zlib checks the trailer only when it is there: a cut file just ends early, so compare sizes.
            if ((uint)output.Length != recordedSize)
                throw Error(path, $"truncated or corrupt gzip stream: {output.Length} bytes decompressed, its trailer records {recordedSize}");
            return output.GetBuffer().AsMemory(0, (int)output.Length);
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

    // Sizing the buffer up front spares the MemoryStream's repeated doubling of a 47 MB array.
    static int SizeHint(uint recordedSize, long compressedLength) =>
        // deflate cannot expand data more than ~1032-fold, so a larger claim is a corrupt trailer.
        recordedSize <= Math.Min(1L << 30, compressedLength * 1032) ? (int)recordedSize : 0;

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
