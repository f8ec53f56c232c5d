using System.Buffers.Binary;
using System.Text;
using Mnemo.Recording;
using Mnemo.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace Mnemo.Tests.Recording;

// Seeded fuzzing of Npy.Read: files of every dtype Mnemo writes, in format versions 1.0 and 2.0,
// damaged byte by byte and through their header text.
public class NpyFuzzTests(ITestOutputHelper output)
{
    // The file's name says which dtype to read it as: u1.npy is read as uint8, and so on.
    sealed record Dtype(string Descr, int Size, Func<string, object> Read)
    {
        public string FileName => $"{Descr[1..]}.npy";
    }

    static readonly Dtype[] Dtypes =
    [
        new("|u1", 1, path => Loaded(Npy.Read<byte>(path))),
        new("<f2", 2, path => Loaded(Npy.Read<Half>(path))),
        new("<f4", 4, path => Loaded(Npy.Read<float>(path))),
        new("<i4", 4, path => Loaded(Npy.Read<int>(path))),
        new("<i8", 8, path => Loaded(Npy.Read<long>(path))),
        new("<f8", 8, path => Loaded(Npy.Read<double>(path))),
    ];

    sealed record ReadArray(int[] Shape, int Length);

    static ReadArray Loaded<T>(NdArray<T> array) where T : unmanaged => new(array.Shape, array.Data.Length);

    static string? Inconsistency(object loaded)
    {
        var array = (ReadArray)loaded;
        if (array.Shape.Any(d => d < 0)) return $"a negative dimension in ({string.Join(", ", array.Shape)})";
        long count = array.Shape.Aggregate(1L, (a, d) => a * d);
        return count == array.Length ? null : $"shape ({string.Join(", ", array.Shape)}) holds {count} values, the data {array.Length}";
    }

    // Every header below describes 60 values: shape (3, 4, 5) or (60,).
    static readonly string[] ValidShapes = ["(3, 4, 5)", "(60,)", "(3,4,5)", "( 3 , 4 , 5 , )", "(1, 60)"];

    static readonly string[] BadShapes =
    [
        "()", "(0,)", "(2147483648,)", "(4294967296,)", "(-1,)", "(-60,)", "(-3, -20)", "(2147483647, 2147483647)",
        "(65536, 65536, 65536, 65536)", "(4294967295, 4294967295, 4294967295)", "(99999999999999999999999,)",
        "('a',)", "(1.5,)", "(\u0663,)", "(\uff16\uff10,)", "(3 4 5)", "(,)", "(3,,4,5)", "60", "(60", "60,)", "[60]",
        "((60,),)", "(" + string.Join(", ", Enumerable.Repeat("2", 64)) + ")", "(0x3c,)", "(6_0,)", "(60L,)", "(None,)", "",
        "(60,) (60,)", "(3, 4, 5", "(\u00e9,)", "(60,\n)",
    ];

    static string[] BadDescrs(string descr) =>
    [
        descr, $"'{descr}", $"{descr}'", "''", "'>f4'", "'<c8'", "'O'", "'<U5'", "'\u00e9'", "'a\nb'", "('<f4', (2,))",
        "[('a', '<f4')]", "'" + new string('x', 300) + "'", $"'{descr}' '{descr}'", $"\"{descr}'", "'<f4\\'",
    ];

    static readonly string[] BadFortrans = ["True", "true", "false", "0", "1", "'False'", "Fals", "", "None", "True False", "Tru\u00e9"];

    // Headers numpy would read as the same array: keys in any order, either quote, any spacing.
    static string[] ValidHeaders(string descr, string shape) =>
    [
        NpyFixtures.Dict($"'{descr}'", "False", shape),
        $"{{'shape': {shape}, 'fortran_order': False, 'descr': '{descr}'}}",
        $"{{\"descr\": \"{descr}\", \"fortran_order\": False, \"shape\": {shape}}}",
        $"{{'descr':'{descr}','fortran_order':False,'shape':{shape}}}",
        $"{{ 'descr' : '{descr}' ,\t'fortran_order' : False ,\n 'shape' : {shape} , }}",
    ];

    static string[] BadHeaders(string descr) =>
    [
        $"'descr': '{descr}', 'fortran_order': False, 'shape': (60,), }}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (60,), ",
        $"{{'fortran_order': False, 'shape': (60,)}}",
        $"{{'descr': '{descr}', 'shape': (60,)}}",
        $"{{'descr': '{descr}', 'fortran_order': False}}",
        $"{{'descr': '{descr}', 'descr': '{descr}', 'fortran_order': False, 'shape': (60,)}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (60,), 'extra': 1}}",
        $"{{'descr': '{descr}' 'fortran_order': False 'shape': (60,)}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (60,)}} x",
        $"{{descr: '{descr}', fortran_order: False, shape: (60,)}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (60,)}}{{'descr': '{descr}'}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {{60}}}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape'}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': }}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (60,),,}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'sh\u00e4pe': (60,)}}",
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (60,)", "{}", "", "\0\0\0\0", "{", "}", "{'", "{'descr", "{'descr':",
    ];

    static FuzzInput Case(Dtype readAs, string what, byte[] bytes, bool? valid = null) =>
        new(what, new Dictionary<string, byte[]> { [readAs.FileName] = bytes }, valid);

    static object ReadAsNamed(string folder)
    {
        foreach (var dtype in Dtypes)
        {
            string path = Path.Combine(folder, dtype.FileName);
            if (File.Exists(path)) return dtype.Read(path);
        }
        throw new InvalidOperationException($"no file of the fuzz case in {folder}");
    }

    static byte[] Values(Random rng, Dtype dtype, int count) => Damage.Random(rng, count * dtype.Size);

    // The cases of one dtype: systematic ones first, then `randomCases` drawn from seeds.
    static IEnumerable<FuzzInput> Inputs(Dtype dtype, int randomCases, int seed)
    {
        var rng = new Random(seed);
        string quoted = $"'{dtype.Descr}'";
        foreach (int major in new[] { 1, 2, 3 })
        {
            string v = $"v{major}";
            byte[] data = Values(rng, dtype, 60);
            foreach (string header in ValidShapes.SelectMany(shape => ValidHeaders(dtype.Descr, shape)))
                yield return Case(dtype, $"{v} valid header {header}", NpyFixtures.NpyFile(major, header, data), valid: true);
            yield return Case(dtype, $"{v} one value", NpyFixtures.NpyFile(major, NpyFixtures.Dict(quoted, "False", "()"), Values(rng, dtype, 1)), valid: true);
            yield return Case(dtype, $"{v} no values", NpyFixtures.NpyFile(major, NpyFixtures.Dict(quoted, "False", "(0, 4)"), []), valid: true);
            foreach (string fortran in new[] { "True", "True ", " True" })
                foreach (string header in new[] { NpyFixtures.Dict(quoted, fortran, "(60,)"), $"{{'descr':{quoted},'fortran_order':{fortran},'shape':(60,)}}" })
                    yield return Case(dtype, $"{v} Fortran order {header}", NpyFixtures.NpyFile(major, header, data), valid: false);
            foreach (string shape in BadShapes) yield return Case(dtype, $"{v} shape {shape}", NpyFixtures.NpyFile(major, NpyFixtures.Dict(quoted, "False", shape), data));
            foreach (string descr in BadDescrs(dtype.Descr)) yield return Case(dtype, $"{v} descr {descr}", NpyFixtures.NpyFile(major, NpyFixtures.Dict(descr, "False", "(60,)"), data));
            foreach (string fortran in BadFortrans) yield return Case(dtype, $"{v} fortran_order {fortran}", NpyFixtures.NpyFile(major, NpyFixtures.Dict(quoted, fortran, "(60,)"), data));
            foreach (string header in BadHeaders(dtype.Descr)) yield return Case(dtype, $"{v} header {header}", NpyFixtures.NpyFile(major, header, data));

            byte[] file = NpyFixtures.NpyFile(major, NpyFixtures.Dict(quoted, "False", "(3, 4, 5)"), data);
            int dataStart = file.Length - data.Length, lengthField = major == 1 ? 2 : 4;
            foreach (uint claim in Damage.ClaimedSizes.Append((uint)(dataStart - 10)).Append((uint)(dataStart - 8)))
            {
                var relength = file.ToArray();
                if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(relength.AsSpan(8), (ushort)claim);
                else BinaryPrimitives.WriteUInt32LittleEndian(relength.AsSpan(8), claim);
                yield return Case(dtype, $"{v} header length set to {(major == 1 ? (ushort)claim : claim)}", relength);
            }
            foreach (byte version in new byte[] { 0, 1, 2, 3, 4, 0xff })
            {
                var reversioned = file.ToArray();
                reversioned[6] = version;
                yield return Case(dtype, $"{v} major version set to {version}", reversioned);
            }
            if (dtype.Descr is "<f4" or "|u1")
                for (int cut = 0; cut <= dataStart; cut++) yield return Case(dtype, $"{v} cut at {cut}", file[..cut]);
            foreach (int cut in new[] { 0, 1, 8 + lengthField, dataStart, dataStart + 1, file.Length - 1 })
                yield return Case(dtype, $"{v} cut at {cut}", file[..cut]);
            yield return Case(dtype, $"{v} one byte appended", [.. file, 0]);
            yield return Case(dtype, $"{v} {dtype.Size} bytes appended", [.. file, .. new byte[dtype.Size]]);
        }

        for (int i = 0; i < randomCases; i++)
        {
            var r = new Random(seed + 1 + i);
            int major = r.Next(1, 3);
            string shape = ValidShapes[r.Next(ValidShapes.Length)];
            byte[] data = Values(r, dtype, 60);
            string header = ValidHeaders(dtype.Descr, shape)[r.Next(5)];
            string v = $"#{i} v{major}";
            switch (r.Next(4))
            {
                case 0:
                    string descr = r.Next(2) == 0 ? quoted : BadDescrs(dtype.Descr)[r.Next(16)];
                    string fortran = r.Next(2) == 0 ? "False" : BadFortrans[r.Next(BadFortrans.Length)];
                    string badShape = r.Next(2) == 0 ? shape : BadShapes[r.Next(BadShapes.Length)];
                    string dict = NpyFixtures.Dict(descr, fortran, badShape);
                    yield return Case(dtype, $"{v} header {dict}", NpyFixtures.NpyFile(major, dict, data));
                    break;
                case 1:
                    string mangled = MangleText(r, header, out string how);
                    yield return Case(dtype, $"{v} header {mangled} ({how})", NpyFixtures.NpyFile(major, mangled, data));
                    break;
                case 2:
                    byte[] file = NpyFixtures.NpyFile(major, header, data);
                    var (what, bytes) = Damage.Any(r, file, file.Length - data.Length);
                    yield return Case(dtype, $"{v} {header}: {what}", bytes);
                    break;
                default:
                    byte[] valid = NpyFixtures.NpyFile(major, header, data);
                    var other = Dtypes[r.Next(Dtypes.Length)];
                    yield return Case(other, $"{v} {header} read as {other.Descr}", valid, valid: other == dtype);
                    break;
            }
        }
    }

    // Damage to the header text: characters deleted, repeated, replaced or inserted at one place.
    static string MangleText(Random rng, string text, out string how)
    {
        const string alphabet = "{}()[],:'\" \n0123456789-+.eTrueFalsx\u00e9\u0663\0";
        int at = rng.Next(text.Length + 1);
        int span = Math.Min(rng.Next(1, 4), text.Length - at);
        char c = alphabet[rng.Next(alphabet.Length)];
        switch (rng.Next(4))
        {
            case 0 when span > 0: how = $"{span} deleted at {at}"; return text.Remove(at, span);
            case 1 when span > 0: how = $"{span} repeated at {at}"; return text.Insert(at, text.Substring(at, span));
            case 2 when span > 0: how = $"replaced at {at}"; return text.Remove(at, 1).Insert(at, c.ToString());
            default: how = $"inserted at {at}"; return text.Insert(at, c.ToString());
        }
    }

    [Fact]
    public void Damaged_npy_files_load_consistently_or_fail_in_one_line()
    {
        int randomCases = ReaderFuzz.RandomCases(900) / Dtypes.Length;
        var reports = Dtypes.Select((dtype, d) =>
            ReaderFuzz.Run(Inputs(dtype, randomCases, 10_000 * (d + 1)), ReadAsNamed, Inconsistency)).ToList();
        var failures = reports.SelectMany(r => r.Failures).ToList();
        var all = new FuzzReport(reports.Sum(r => r.Cases), reports.Sum(r => r.Loaded), reports.Sum(r => r.Refused), failures,
            reports.Max(r => r.MostOfAllowed), reports.MaxBy(r => r.MostOfAllowed)!.MostAllocatingCase,
            TimeSpan.FromTicks(reports.Sum(r => r.Elapsed.Ticks)));
        output.WriteLine(all.Summary(".npy"));
        Assert.True(failures.Count == 0, all.Describe(".npy"));
        Assert.True(all.Loaded > 0 && all.Refused > 0, all.Summary(".npy"));
    }
}
