using System.Buffers.Binary;
using Mnemo.Data;
using Xunit;
using Xunit.Abstractions;
using static Mnemo.Tests.Data.DataFixtures;

namespace Mnemo.Tests.Data;

// Seeded fuzzing of the IDX and CIFAR-10 readers through the folders users point them at: one file
// of a valid folder damaged per case, the other files left as they were.
public class ReaderFuzzTests(ITestOutputHelper output)
{
    // Pixels are random so that gzip cannot shrink them: a gzip trailer that lies about the size is
    // then caught by the allocation bound at its full cost.
    static readonly Dictionary<string, byte[]> Mnist = MnistFiles();

    static readonly Dictionary<string, byte[]> MnistGzipped = Mnist.ToDictionary(f => f.Key, f => Gzip(f.Value));

    static Dictionary<string, byte[]> MnistFiles()
    {
        var rng = new Random(5);
        byte[] Labels(int count) => Enumerable.Range(0, count).Select(_ => (byte)rng.Next(10)).ToArray();
        return new()
        {
            ["train-images-idx3-ubyte"] = Idx(0x803, [20, 16, 16], Damage.Random(rng, 20 * 16 * 16)),
            ["train-labels-idx1-ubyte"] = Idx(0x801, [20], Labels(20)),
            ["t10k-images-idx3-ubyte"] = Idx(0x803, [10, 16, 16], Damage.Random(rng, 10 * 16 * 16)),
            ["t10k-labels-idx1-ubyte"] = Idx(0x801, [10], Labels(10)),
        };
    }

    static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    static int IdxHeaderLength(string name) => name.Contains("images") ? 16 : 8;

    // The MNIST folder, gzipped or not, with `target` replaced by `damaged` (bytes as they lie on disk).
    static FuzzInput MnistCase(string target, bool gzip, string what, byte[] damaged, bool? valid = null)
    {
        var files = Mnist.ToDictionary(f => gzip ? f.Key + ".gz" : f.Key, f => f.Key == target ? damaged : gzip ? MnistGzipped[f.Key] : f.Value);
        return new FuzzInput($"{target}{(gzip ? ".gz" : "")}: {what}", files, valid);
    }

    static IEnumerable<FuzzInput> MnistInputs(int randomCases)
    {
        foreach (bool gzip in new[] { false, true })
        {
            byte[] Pack(byte[] content) => gzip ? Gzip(content) : content;
            yield return MnistCase("train-labels-idx1-ubyte", gzip, "as written", Pack(Mnist["train-labels-idx1-ubyte"]), valid: true);
            foreach (int[] dims in new[] { new[] { 20, 0, 16 }, [20, 16, 0], [20, 0, 0] })
                yield return MnistCase("train-images-idx3-ubyte", gzip, $"images of {dims[1]}x{dims[2]} pixels", Pack(Idx(0x803, dims, [])), valid: false);
            foreach (var (name, content) in Mnist)
            {
                int header = IdxHeaderLength(name);
                for (int cut = 0; cut <= header + 1; cut++) yield return MnistCase(name, gzip, $"cut at {cut}", Pack(content[..cut]));
                yield return MnistCase(name, gzip, "last byte cut", Pack(content[..^1]));
                yield return MnistCase(name, gzip, "one byte appended", Pack([.. content, 0]));
                for (int at = 0; at < header; at += 4)
                    foreach (uint claim in Damage.ClaimedSizes)
                        yield return MnistCase(name, gzip, $"uint32 at {at} set to 0x{claim:x8}", Pack(Damage.WithUInt32BigEndian(content, at, claim)));
                if (!gzip) continue;
                byte[] gz = Gzip(content);
                foreach (uint claim in Damage.ClaimedSizes.Append((uint)(gz.Length * 1000)))
                    yield return MnistCase(name, gzip, $"gzip trailer records 0x{claim:x8} bytes", Damage.WithUInt32LittleEndian(gz, gz.Length - 4, claim));
            }
        }
        for (int i = 0; i < randomCases; i++)
        {
            var rng = new Random(1_000 + i);
            string name = Mnist.Keys.ElementAt(rng.Next(Mnist.Count));
            bool gzip = rng.Next(2) == 0;
            if (gzip && rng.Next(2) == 0)
            {
                var (what, bytes) = Damage.AnyGzip(rng, Gzip(Mnist[name]));
                yield return MnistCase(name, gzip, $"#{i} {what}", bytes);
            }
            else
            {
                var (what, bytes) = Damage.Any(rng, Mnist[name], IdxHeaderLength(name));
                yield return MnistCase(name, gzip, $"#{i} {what}", gzip ? Gzip(bytes) : bytes);
            }
        }
    }

    static string? MnistInconsistency(object loaded)
    {
        var data = (Dataset)loaded;
        foreach (var set in new[] { data.Train, data.Test })
        {
            if (set.Height <= 0 || set.Width <= 0) return $"images of {set.Height}x{set.Width} pixels";
            if (set.Pixels.LongLength != (long)set.Count * set.Height * set.Width) return $"{set.Pixels.Length} pixels for {set.Count} images";
            if (set.Labels.Any(l => l < 0 || l >= data.Classes)) return "a label outside the classes";
        }
        return data.Train.Count == 0 ? "no training images" : null;
    }

    [Fact]
    public void Damaged_idx_folders_load_consistently_or_fail_in_one_line()
    {
        var report = ReaderFuzz.Run(MnistInputs(ReaderFuzz.RandomCases(400)), folder => DataSource.Load($"mnist:{folder}"), MnistInconsistency);
        output.WriteLine(report.Summary("IDX"));
        Assert.True(report.Failures.Count == 0, report.Describe("IDX"));
        Assert.True(report.Loaded > 0 && report.Refused > 0, report.Summary("IDX"));
    }

    const string Batches = "cifar-10-batches-bin";
    static readonly string[] BatchNames = [.. Enumerable.Range(1, 5).Select(b => $"data_batch_{b}.bin"), "test_batch.bin"];

    static readonly Dictionary<string, byte[]> Cifar = CifarFiles();

    static Dictionary<string, byte[]> CifarFiles()
    {
        var rng = new Random(10);
        return BatchNames.ToDictionary(name => name, _ =>
        {
            var batch = Damage.Random(rng, 2 * 3073);
            batch[0] = (byte)rng.Next(10);
            batch[3073] = (byte)rng.Next(10);
            return batch;
        });
    }

    static FuzzInput CifarCase(string target, string what, byte[] damaged, bool? valid = null)
    {
        var files = Cifar.ToDictionary(f => Path.Combine(Batches, f.Key), f => f.Value);
        files[Path.Combine(Batches, target)] = damaged;
        return new FuzzInput($"{target}: {what}", files, valid);
    }

    static IEnumerable<FuzzInput> CifarInputs(int randomCases)
    {
        yield return CifarCase("data_batch_1.bin", "as written", Cifar["data_batch_1.bin"], valid: true);
        yield return CifarCase("test_batch.bin", "gzipped", Gzip(Cifar["test_batch.bin"]), valid: true);
        yield return CifarCase("batches.meta.txt", "ten class names", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"u8.ToArray(), valid: true);
        foreach (var (name, batch) in Cifar)
        {
            foreach (int cut in new[] { 0, 1, 2, 3072, 3073, 3074, batch.Length - 1 })
                yield return CifarCase(name, $"cut at {cut}", batch[..cut]);
            foreach (int label in new[] { 10, 0x1f, 0x80, 0xff })
            {
                var relabelled = batch.ToArray();
                relabelled[3073] = (byte)label;
                yield return CifarCase(name, $"label of record 1 set to {label}", relabelled);
            }
            yield return CifarCase(name, "one byte appended", [.. batch, 0]);
            byte[] gz = Gzip(batch);
            foreach (uint claim in Damage.ClaimedSizes.Append((uint)(gz.Length * 1000)))
                yield return CifarCase(name, $"gzipped, trailer records 0x{claim:x8} bytes", Damage.WithUInt32LittleEndian(gz, gz.Length - 4, claim));
        }
        for (int i = 0; i < randomCases; i++)
        {
            var rng = new Random(2_000 + i);
            int pick = rng.Next(BatchNames.Length + 1);
            if (pick == BatchNames.Length)
            {
                var (what, bytes) = Damage.Any(rng, "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"u8.ToArray(), 9);
                yield return CifarCase("batches.meta.txt", $"#{i} {what}", bytes);
                continue;
            }
            string name = BatchNames[pick];
            var damage = rng.Next(3) == 0 ? Damage.AnyGzip(rng, Gzip(Cifar[name])) : Damage.Any(rng, Cifar[name], 1);
            yield return CifarCase(name, $"#{i} {damage.What}", damage.Bytes);
        }
    }

    static string? CifarInconsistency(object loaded)
    {
        var data = (Dataset)loaded;
        if (data.Train.Count == 0 || data.Test.Count == 0) return "an empty split";
        if (data.ClassNames.Length != 10) return $"{data.ClassNames.Length} class names";
        foreach (var set in new[] { data.Train, data.Test })
            if (set.Labels.Any(l => l < 0 || l > 9)) return "a label outside 0..9";
        return null;
    }

    [Fact]
    public void Damaged_cifar10_folders_load_consistently_or_fail_in_one_line()
    {
        var report = ReaderFuzz.Run(CifarInputs(ReaderFuzz.RandomCases(250)), folder => DataSource.Load($"cifar10:{folder}"), CifarInconsistency);
        output.WriteLine(report.Summary("CIFAR-10"));
        Assert.True(report.Failures.Count == 0, report.Describe("CIFAR-10"));
        Assert.True(report.Loaded > 0 && report.Refused > 0, report.Summary("CIFAR-10"));
    }

    // The harness itself: each breach of the contract is reported, or the fuzz tests above could not fail.
    [Fact]
    public void The_harness_reports_every_kind_of_breach()
    {
        var files = new Dictionary<string, byte[]> { ["f"] = new byte[100] };
        string Breach(Func<string, object> load, bool? valid = null, Func<object, string?>? inconsistency = null, TimeSpan? timeout = null) =>
            ReaderFuzz.Run([new FuzzInput("made up", files, valid)], load, inconsistency ?? (_ => null), timeout).Failures.Single().Kind;

        Assert.StartsWith("IndexOutOfRangeException", Breach(_ => throw new IndexOutOfRangeException()));
        Assert.Equal("an allocation beyond the bound", Breach(_ => new byte[ReaderFuzz.AllowedPerFile + 10 * 100 + 1]));
        Assert.Equal("a message of several lines", Breach(folder => throw new MnemoException($"{folder}/f: bad\nworse")));
        Assert.Equal("a message that names no file", Breach(_ => throw new MnemoException("bad")));
        Assert.Equal("a valid input refused", Breach(folder => throw new MnemoException($"{folder}/f: bad"), valid: true));
        Assert.Equal("an invalid input loaded", Breach(_ => 0, valid: false));
        Assert.Equal("an inconsistent result", Breach(_ => 0, inconsistency: _ => "wrong"));
        Assert.Equal("hang", Breach(_ => { Thread.Sleep(1000); return 0; }, timeout: TimeSpan.FromMilliseconds(100)));
        Assert.Empty(ReaderFuzz.Run([new FuzzInput("made up", files)], folder => throw new MnemoException($"{folder}/f: bad"), _ => null).Failures);
    }
}
