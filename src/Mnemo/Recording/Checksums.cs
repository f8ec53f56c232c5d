using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mnemo.Recording;

/// <summary>
/// A folder's checksums.sha256, in sha256sum's own format, so <c>sha256sum -c checksums.sha256</c> in that folder
/// checks it without Mnemo. It is rewritten (atomically) after the files it covers, so a process killed between a
/// file and its checksum leaves a file newer than its checksum; a run's checksums therefore also say how many epochs
/// its records held (a comment line, which sha256sum skips): a record with more epochs than that is unfinished
/// work, one with as many and another hash is damaged.
/// </summary>
/// <param name="Files">SHA-256 (lower-case hex) by path relative to the folder.</param>
/// <param name="EpochsRecorded">Epochs (rows - 1) of the run's records when written; null for a study's own files.</param>
public sealed record Checksums(IReadOnlyDictionary<string, string> Files, int? EpochsRecorded)
{
    public const string FileName = "checksums.sha256";
    const string EpochsComment = "# mnemo: records hold epochs 0..";

    public static string PathIn(string dir) => Path.Combine(dir, FileName);

    /// <summary>Null when the folder has none (not yet written, or made by a Mnemo before checksums).</summary>
    /// <exception cref="MnemoException">The file is there and is not a checksum list.</exception>
    public static Checksums? Read(string dir)
    {
        string path = PathIn(dir);
        if (!File.Exists(path)) return null;
        string[] lines = StorageException.Guard(path, () => File.ReadAllLines(path));
        var files = new Dictionary<string, string>();
        int? epochs = null;
        foreach (string line in lines)
        {
            if (line.StartsWith(EpochsComment, StringComparison.Ordinal) &&
                int.TryParse(line[EpochsComment.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int e))
                epochs = e;
            else if (line.StartsWith('#') || line.Length == 0) continue;
            // "<64 hex>  <name>": two spaces, or " *" for binary mode.
            else if (line.Length > 66 && line[64] == ' ' && line[65] is ' ' or '*' && line[..64].All(char.IsAsciiHexDigitLower))
                files[line[66..]] = line[..64];
            else
                throw new MnemoException($"{path}: not a sha256sum list (line '{(line.Length > 40 ? line[..40] + "..." : line)}')");
        }
        return new Checksums(files, epochs);
    }

    /// <summary>Whether a file of a run still being trained is as written: its listed hash, or more epochs than the
    /// list knows (<paramref name="rows"/>: the rows it holds), or not listed yet. False: it is damaged.</summary>
    public bool Accepts(string file, string hash, int? rows) =>
        !Files.TryGetValue(file, out var want) || hash == want || rows > EpochsRecorded + 1;

    /// <summary>Hashes <paramref name="files"/> (paths under <paramref name="dir"/>) as they are now and writes the
    /// folder's checksums.sha256 with them, keeping the other entries it had.</summary>
    public static void Record(string dir, IEnumerable<string> files, int? epochsRecorded = null)
    {
        var old = ReadOrNone(dir);
        var all = new Dictionary<string, string>(old?.Files ?? new Dictionary<string, string>());
        foreach (string file in files)
            all[Path.GetRelativePath(dir, file).Replace('\\', '/')] = OfFile(file);
        new Checksums(all, epochsRecorded ?? old?.EpochsRecorded).Write(dir);
    }

    // A list that cannot be read is about to be replaced: what it said is lost either way.
    static Checksums? ReadOrNone(string dir)
    {
        try { return Read(dir); }
        catch (MnemoException e) when (e is not StorageException) { return null; }
    }

    void Write(string dir)
    {
        var text = new StringBuilder();
        if (EpochsRecorded is int e) text.Append(CultureInfo.InvariantCulture, $"{EpochsComment}{e}\n");
        foreach (var (file, hash) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            text.Append(hash).Append("  ").Append(file).Append('\n');
        AtomicFile.WriteAllText(PathIn(dir), text.ToString());
    }

    public static string OfFile(string path) =>
        StorageException.Guard(path, () => { using var s = File.OpenRead(path); return Convert.ToHexStringLower(SHA256.HashData(s)); });

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
