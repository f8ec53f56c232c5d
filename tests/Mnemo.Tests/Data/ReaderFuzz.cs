using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Mnemo;

namespace Mnemo.Tests.Data;

// One fuzz case: the files of a folder (name inside it -> bytes) and what was done to them.
// Valid, where known, says whether the input must load (so a reader that refuses everything does
// not pass) or must be refused (so one that reads damage as data does not either).
internal sealed record FuzzInput(string Mutation, IReadOnlyDictionary<string, byte[]> Files, bool? Valid = null);

internal sealed record FuzzFailure(string Kind, string Detail);

internal sealed record FuzzReport(int Cases, int Loaded, int Refused, List<FuzzFailure> Failures, double MostOfAllowed, string MostAllocatingCase, TimeSpan Elapsed)
{
    public string Summary(string reader) =>
        $"{reader}: {Cases} cases, {Loaded} loaded, {Refused} refused, {Failures.Count} broke the contract, in {Elapsed.TotalSeconds:F1} s; " +
        $"the most allocated was {MostOfAllowed:P0} of the bound ({MostAllocatingCase})";

    // Failures by kind, each with its count and first example.
    public string Describe(string reader) =>
        Failures.Count == 0 ? Summary(reader) : string.Join("\n",
            [Summary(reader),
             .. Failures.GroupBy(f => f.Kind).Select(g => $"{g.Count()} x {g.Key}, e.g. {g.First().Detail}")]);
}

// Holds a reader to its contract on every input: it loads a consistent result, or it throws a
// MnemoException whose message is one line naming a file of the input (or its folder); never
// another exception, never a hang, and never an allocation beyond what the input's bytes justify.
internal static class ReaderFuzz
{
    // The allocation bound: 10 bytes per byte the input holds (its size on disk plus, for a gzip
    // file, what it decompresses to), plus buffers of fixed size per file. A labels file needs 5
    // (the bytes read and an int per label); gzip's growing buffer may need 4 more.
    public const int AllowedPerInputByte = 10;
    public const int AllowedPerFile = 128 << 10;
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    // MNEMO_FUZZ_CASES=100000 turns the suite's few hundred random cases per reader into a long run.
    public static int RandomCases(int suiteDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("MNEMO_FUZZ_CASES"), out int n) && n > 0 ? n : suiteDefault;

    public static FuzzReport Run(IEnumerable<FuzzInput> inputs, Func<string, object> load, Func<object, string?> inconsistency,
        TimeSpan? timeout = null)
    {
        var failures = new List<FuzzFailure>();
        int cases = 0, loaded = 0, refused = 0;
        double mostOfAllowed = 0;
        string mostCase = "none";
        var clock = Stopwatch.StartNew();
        // Memory rather than disk where there is one: ext4 spends milliseconds deleting each file.
        string root = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"mnemo-fuzz-{Guid.NewGuid():N}");
        string folder = Path.Combine(root, "case");
        try
        {
            foreach (var input in inputs)
            {
                string where = $"case {cases} ({OneLine(input.Mutation)})";
                void Fail(string kind, string detail) => failures.Add(new FuzzFailure(kind, $"{where}: {detail}"));
                cases++;
                foreach (var (name, bytes) in input.Files) WriteFile(Path.Combine(folder, name), bytes);
                long justified = input.Files.Values.Sum(b => b.LongLength + GunzippedLength(b));
                long allowed = AllowedPerInputByte * justified + AllowedPerFile * (long)input.Files.Count;

                var attempt = Task.Run(() => Attempt(folder, load));
                if (!attempt.Wait(timeout ?? CaseTimeout))
                {
                    Fail("hang", $"no answer within {(timeout ?? CaseTimeout).TotalSeconds} s");
                    break; // the hung reader keeps its thread; later cases would be timed against it
                }
                var (result, error, allocated) = attempt.Result;

                if (error is null)
                {
                    loaded++;
                    if (input.Valid == false) Fail("an invalid input loaded", "loaded");
                    if (inconsistency(result!) is string problem) Fail("an inconsistent result", $"loaded, but {problem}");
                }
                else if (error is not MnemoException)
                    Fail($"{error.GetType().Name} at {Origin(error)}", OneLine(error.Message));
                else
                {
                    refused++;
                    string message = error.Message;
                    if (input.Valid == true) Fail("a valid input refused", OneLine(message));
                    if (message.Contains('\n') || message.Contains('\r')) Fail("a message of several lines", OneLine(message));
                    if (!NamesTheInput(message, folder, input)) Fail("a message that names no file", OneLine(message));
                }
                if (allocated > allowed)
                    Fail("an allocation beyond the bound", $"allocated {allocated} bytes, more than the {allowed} that its {justified} bytes justify");
                if ((double)allocated / allowed > mostOfAllowed) (mostOfAllowed, mostCase) = ((double)allocated / allowed, where);

                foreach (string name in input.Files.Keys) File.Delete(Path.Combine(folder, name));
            }
        }
        finally { Directory.Delete(root, recursive: true); }
        return new FuzzReport(cases, loaded, refused, failures, mostOfAllowed, mostCase, clock.Elapsed);
    }

    static (object? Result, Exception? Error, long Allocated) Attempt(string folder, Func<string, object> load)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        object? result = null;
        Exception? error = null;
        try { result = load(folder); }
        catch (Exception e) { error = e; }
        return (result, error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    static void WriteFile(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    static bool NamesTheInput(string message, string folder, FuzzInput input) =>
        input.Files.Keys.Any(name => message.Contains(Path.Combine(folder, name) + ":")) || message.Contains(folder + ":");

    // How much a gzip file decompresses to before its stream ends or breaks; 0 for other files.
    static long GunzippedLength(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return 0;
        long total = 0;
        var chunk = new byte[1 << 16];
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            for (int n; (n = gzip.Read(chunk)) > 0 && total < 1L << 32;) total += n;
        }
        catch (InvalidDataException) { }
        return total;
    }

    static string OneLine(string text) => text.ReplaceLineEndings("\\n");

    // The innermost method of Mnemo's that the exception passed through.
    static string Origin(Exception e) =>
        e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Mnemo.") && !l.StartsWith("at Mnemo.Tests"))
            ?.Split(" in ")[0][3..] ?? "(no method of Mnemo)";
}

// Byte-level damage that any file format can take. Each returns the damaged bytes and says what it did.
internal static class Damage
{
    // Sizes a corrupt header might claim: empty, small, around 2^15, 2^16, 2^31 and 2^32.
    public static readonly uint[] ClaimedSizes =
        [0, 1, 2, 0x7f, 0xff, 0x100, 0x7fff, 0xffff, 0x10000, 0x3fffffff, 0x40000001, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

    public static byte[] Random(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }

    public static byte[] WithUInt32BigEndian(byte[] bytes, int at, uint value)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), value);
        return copy;
    }

    public static byte[] WithUInt32LittleEndian(byte[] bytes, int at, uint value)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
        return copy;
    }

    public static uint AnyClaim(Random rng) => rng.Next(3) == 0 ? (uint)rng.NextInt64(1L << 32) : ClaimedSizes[rng.Next(ClaimedSizes.Length)];

    // One random kind of damage, the first `header` bytes being the format's header.
    public static (string What, byte[] Bytes) Any(Random rng, byte[] bytes, int header)
    {
        header = Math.Clamp(header, 1, Math.Max(1, bytes.Length));
        switch (rng.Next(9))
        {
            case 0:
                int cut = rng.Next(bytes.Length + 1);
                return ($"cut at {cut} of {bytes.Length}", bytes[..cut]);
            case 1:
                return Flips(rng, bytes, 0, Math.Min(header, bytes.Length), "header");
            case 2:
                return Flips(rng, bytes, 0, bytes.Length, "anywhere");
            case 3:
                if (bytes.Length < 4) goto case 4;
                int at = 4 * rng.Next(Math.Max(1, Math.Min(header, bytes.Length) / 4));
                at = Math.Min(at, bytes.Length - 4);
                uint claim = AnyClaim(rng);
                return ($"uint32 at {at} set to 0x{claim:x8}", WithUInt32BigEndian(bytes, at, claim));
            case 4:
                int length = rng.Next(2 * bytes.Length + 2);
                return ($"{length} random bytes", Random(rng, length));
            case 5:
                int keep = Math.Min(header, bytes.Length);
                int rest = rng.Next(2 * (bytes.Length - keep) + 2);
                return ($"header kept, then {rest} random bytes", [.. bytes[..keep], .. Random(rng, rest)]);
            case 6:
                int extra = rng.Next(1, 100);
                return ($"{extra} bytes appended", [.. bytes, .. Random(rng, extra)]);
            case 7:
                if (bytes.Length == 0) return ("emptied", []);
                int from = rng.Next(bytes.Length), run = rng.Next(1, Math.Min(64, bytes.Length - from) + 1);
                var overwritten = bytes.ToArray();
                rng.NextBytes(overwritten.AsSpan(from, run));
                return ($"{run} random bytes written at {from}", overwritten);
            default:
                return ("emptied", []);
        }
    }

    static (string, byte[]) Flips(Random rng, byte[] bytes, int from, int to, string where)
    {
        if (to <= from) return ("nothing to flip", bytes.ToArray());
        var flipped = bytes.ToArray();
        int flips = rng.Next(1, 4);
        var bits = new List<string>();
        for (int i = 0; i < flips; i++)
        {
            int at = rng.Next(from, to), bit = rng.Next(8);
            flipped[at] ^= (byte)(1 << bit);
            bits.Add($"{at}.{bit}");
        }
        return ($"bits flipped {where} ({string.Join(", ", bits)})", flipped);
    }

    // Damage to a gzip file itself rather than to what it holds.
    public static (string What, byte[] Bytes) AnyGzip(Random rng, byte[] gz)
    {
        switch (rng.Next(8))
        {
            case 0:
                uint recorded = BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(gz.Length - 4));
                uint claim = rng.Next(3) switch
                {
                    0 => AnyClaim(rng),
                    1 => (uint)Math.Min(uint.MaxValue, (long)gz.Length * new[] { 2, 8, 9, 100, 1000, 1032 }[rng.Next(6)]),
                    _ => recorded + (uint)rng.Next(-2, 3),
                };
                return ($"gzip trailer records 0x{claim:x8} bytes", WithUInt32LittleEndian(gz, gz.Length - 4, claim));
            case 1:
                var crc = gz.ToArray();
                crc[gz.Length - 8 + rng.Next(4)] ^= (byte)rng.Next(1, 256);
                return ("gzip CRC damaged", crc);
            case 2:
                var (what, flipped) = Flips(rng, gz, 10, gz.Length - 8, "in the deflate data");
                return ($"gzip {what}", flipped);
            case 3:
                int cut = rng.Next(gz.Length);
                return ($"gzip cut at {cut} of {gz.Length}", gz[..cut]);
            case 4:
                int extra = rng.Next(1, 100);
                return ($"{extra} bytes after the gzip stream", [.. gz, .. Random(rng, extra)]);
            case 5:
                return ("a second gzip member", [.. gz, .. gz]);
            case 6:
                var header = gz.ToArray();
                int at = rng.Next(2, 10);
                header[at] = (byte)rng.Next(256);
                return ($"gzip header byte {at} set to {header[at]}", header);
            default:
                var zeroed = gz.ToArray();
                int from = rng.Next(10, gz.Length - 8), run = rng.Next(1, Math.Max(2, gz.Length - 8 - from));
                zeroed.AsSpan(from, run).Fill((byte)(rng.Next(2) * 0xff));
                return ($"gzip deflate data {from}..{from + run} overwritten with 0x{zeroed[from]:x2}", zeroed);
        }
    }
}
