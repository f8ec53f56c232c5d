using System.Diagnostics;
using Xunit;

namespace Mnemo.Tests.Cli;

/// <summary>A test that mounts a small tmpfs: skipped, saying why, where mounting is not allowed (CI runs as root).</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable.Value is string why) Skip = why;
    }
}

/// <summary>A tmpfs of a few MB of its own, to fill up or make read-only under a study; unmounted when disposed.</summary>
public sealed class Tmpfs : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mnemo-tmpfs-").FullName;
    string FillerDir => Path.Combine(Root, "filler");

    public static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            using var probe = new Tmpfs(1);
            return null;
        }
        catch (Exception e) { return $"cannot mount a tmpfs here ({e.Message.Trim()}); CI runs the suite as root, where it can"; }
    });

    public Tmpfs(int megabytes)
    {
        try { Sh("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Root); }
        catch { Directory.Delete(Root); throw; }
    }

    public long FreeBytes => new DriveInfo(Root).AvailableFreeSpace;

    /// <summary>Takes every free byte: the next write that needs a page fails with ENOSPC.</summary>
    public void Fill()
    {
        Directory.CreateDirectory(FillerDir);
        var zeros = new byte[1 << 16];
        for (int n = 0; FreeBytes > 0; n++)
        {
            try
            {
                using var filler = new FileStream(Path.Combine(FillerDir, $"{n}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
                for (long left = FreeBytes; left > 0; left -= zeros.Length)
                    filler.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
            }
            catch (IOException) { }   // full: what is left is checked above
        }
        Assert.Equal(0, FreeBytes);
    }

    public void Free()
    {
        if (Directory.Exists(FillerDir)) Directory.Delete(FillerDir, recursive: true);
    }

    public void ReadOnly(bool readOnly) => Sh("mount", "-o", $"remount,{(readOnly ? "ro" : "rw")}", Root);

    static void Sh(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)}: exit {p.ExitCode}: {error}");
    }

    public void Dispose()
    {
        try { Sh("umount", "-l", Root); } catch (InvalidOperationException) { }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
