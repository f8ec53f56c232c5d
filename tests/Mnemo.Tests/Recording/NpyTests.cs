using Mnemo.Recording;
using Xunit;

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
}
