using System.Buffers.Binary;
using Mnemo.Recording;
using Xunit;
using static Mnemo.Tests.Data.DataFixtures;
using static Mnemo.Tests.Recording.NpyFixtures;

namespace Mnemo.Tests.Recording;

public class NpyTests
{
    [Fact]
    public void Arrays_round_trip_with_shape_and_dtype()
    {
        using var dir = new TempDir();
        var bytes = Enumerable.Range(0, 24).Select(i => (byte)i).ToArray();
        Npy.Write<byte>(dir.Combine("a.npy"), [2, 3, 4], bytes);
        var back = Npy.Read<byte>(dir.Combine("a.npy"));
        Assert.Equal([2, 3, 4], back.Shape);
        Assert.Equal(bytes, back.Data);

        var halves = new[] { (Half)0.5f, (Half)(-2f), Half.MaxValue };
        Npy.Write<Half>(dir.Combine("h.npy"), [3], halves);
        Assert.Equal(halves, Npy.Read<Half>(dir.Combine("h.npy")).Data);
    }

    [Fact]
    public void Header_is_what_numpy_expects()
    {
        using var dir = new TempDir();
        Npy.Write<int>(dir.Combine("i.npy"), [5], [1, 2, 3, 4, 5]);
        var raw = File.ReadAllBytes(dir.Combine("i.npy"));
        int headerLength = raw[8] | raw[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = System.Text.Encoding.ASCII.GetString(raw, 10, headerLength);
        Assert.Contains("'descr': '<i4'", header);
        Assert.Contains("'shape': (5,)", header);
        Assert.Equal(10 + headerLength + 20, raw.Length);
    }

    [Fact]
    public void Truncated_or_mistyped_files_are_user_errors()
    {
        using var dir = new TempDir();
        string path = dir.Combine("t.npy");
        Npy.Write<float>(path, [100], new float[100]);
        Assert.Contains("dtype", Assert.Throws<MnemoException>(() => Npy.Read<byte>(path)).Message);
        var raw = File.ReadAllBytes(path);
        File.WriteAllBytes(path, raw[..^10]);
        Assert.Contains("truncated", Assert.Throws<MnemoException>(() => Npy.Read<float>(path)).Message);
    }

    static readonly float[] Sixty = Enumerable.Range(0, 60).Select(i => i * 0.5f).ToArray();
    static readonly byte[] SixtyBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(Sixty.AsSpan()).ToArray();

    static string WriteNpy(TempDir dir, int major, string header, byte[]? data = null)
    {
        string path = dir.Combine("a.npy");
        File.WriteAllBytes(path, NpyFile(major, header, data ?? SixtyBytes));
        return path;
    }

    [Theory]
    [InlineData(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 5), }")]
    [InlineData(1, "{'descr':'<f4','fortran_order':False,'shape':(3,4,5)}")]
    [InlineData(1, "{\"shape\": (3, 4, 5), \"fortran_order\": False, \"descr\": \"<f4\"}")]
    [InlineData(1, "{ 'descr' : '<f4' ,\n 'fortran_order' : False , 'shape' : ( 3 , 4 , 5 , ) , }")]
    [InlineData(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 5), }")]
    [InlineData(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 5), }")]
    public void Headers_numpy_reads_are_read(int major, string header)
    {
        using var dir = new TempDir();
        var array = Npy.Read<float>(WriteNpy(dir, major, header));
        Assert.Equal([3, 4, 5], array.Shape);
        Assert.Equal(Sixty, array.Data);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (60,), }", "Fortran-order arrays are not supported")]
    [InlineData("{'descr':'<f4','fortran_order':True,'shape':(60,)}", "Fortran-order arrays are not supported")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-3, -20), }", "a negative shape entry")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648,), }", "shape entry 2147483648... too large")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ('a',), }", "expected a shape entry")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 60, }", "expected '('")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (60,)", "expected '}'")]
    [InlineData("{'descr': <f4, 'fortran_order': False, 'shape': (60,)}", "expected a quoted string")]
    [InlineData("{'descr': '<f4', 'shape': (60,)}", "npy header has no 'fortran_order'")]
    [InlineData("{'descr': 'a\nb', 'fortran_order': False, 'shape': (60,)}", "dtype 'a?b', expected <f4")]
    // The product is 2^64: it wrapped to 0 and the array loaded empty under this shape.
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536, 65536), }", "holds more values than one array can")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647), }", "holds more values than one array can")]
    public void Malformed_headers_are_refused_in_one_line(string header, string problem)
    {
        using var dir = new TempDir();
        string path = WriteNpy(dir, 1, header);
        AssertFailsWithin(1 << 16, () => Npy.Read<float>(path), path, problem);
    }

    [Fact]
    public void Sizes_beyond_the_file_are_refused_before_anything_of_their_size_is_allocated()
    {
        using var dir = new TempDir();
        string path = WriteNpy(dir, 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (100000000,), }");
        AssertFailsWithin(1 << 16, () => Npy.Read<float>(path), path, "truncated (expected 400000000 data bytes, found 240)");

        byte[] file = NpyFile(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (60,), }", SixtyBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 0x7fffffff);
        File.WriteAllBytes(path, file);
        AssertFailsWithin(1 << 16, () => Npy.Read<float>(path), path, "npy header of 2147483647 bytes, longer than");

        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 0xffff);
        File.WriteAllBytes(path, file);
        AssertFailsWithin(1 << 16, () => Npy.Read<float>(path), path, "its 65535-byte header runs past the file's end");

        file[6] = 0; // a version 0 once read a 4-byte header length, as 2.0 does
        File.WriteAllBytes(path, file);
        AssertFailsWithin(1 << 16, () => Npy.Read<float>(path), path, "npy format version 0.0 is not supported");
    }

    [Fact]
    public void Cut_preamble_and_bytes_beyond_the_data_are_refused()
    {
        using var dir = new TempDir();
        string path = dir.Combine("a.npy");
        byte[] file = NpyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (60,), }", SixtyBytes);
        File.WriteAllBytes(path, file[..7]);
        AssertFails(() => Npy.Read<float>(path), path, "truncated: 7 bytes, too short for a .npy preamble");
        File.WriteAllBytes(path, file[..30]);
        AssertFails(() => Npy.Read<float>(path), path, "its 118-byte header runs past the file's end at 30 bytes");
        File.WriteAllBytes(path, [.. file, 1, 2, 3, 4]);
        AssertFails(() => Npy.Read<float>(path), path, "4 bytes beyond the 240 data bytes its header promises");
    }
}
