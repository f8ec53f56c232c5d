using System.Diagnostics;

namespace Mnemo.Recording;

/// <summary>
/// Every record is written beside its final name and renamed over it, so a run killed mid-write
/// leaves either the old file or the new one, never half of one. A write the file system refuses
/// (a full disk, a read-only mount) removes its temporary file and throws a <see cref="StorageException"/>.
/// </summary>
public static class AtomicFile
{
    const string TempMark = ".tmp-";

    public static void Write(string path, Action<Stream> write) => WriteVia(path, tmp =>
    {
        using var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });

    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) => Write(path, s => s.Write(bytes.Span));

    /// <summary>For writers that only take a path (TorchSharp's save): they write the temporary file.</summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        string tmp = $"{path}{TempMark}{Environment.ProcessId}";
        try
        {
            StorageException.Guard(path, () =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                writeTo(tmp);
                TestHook.At($"write:{Path.GetFileName(path)}");
                File.Move(tmp, path, overwrite: true);
            });
        }
        catch
        {
            try { File.Delete(tmp); } catch (Exception e) when (StorageException.IsStorage(e)) { }   // a read-only mount keeps it
            throw;
        }
    }

    /// <summary>
    /// Removes the temporary files of writers that were killed mid-write, in <paramref name="dir"/> (not below):
    /// every one when <paramref name="anyOwner"/> (the caller owns the folder, as a run's lock holder does),
    /// else those whose process is gone from this machine.
    /// </summary>
    public static void RemoveLeftovers(string dir, bool anyOwner)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var file in Directory.EnumerateFiles(dir, $"*{TempMark}*"))
        {
            string tail = file[(file.LastIndexOf(TempMark, StringComparison.Ordinal) + TempMark.Length)..];
            if (!int.TryParse(tail, out int pid)) continue;
            if (pid == Environment.ProcessId || (!anyOwner && Alive(pid))) continue;
            StorageException.Guard(file, () => File.Delete(file));
        }
    }

    /// <summary>Whether a process of this machine with that id is running.</summary>
    internal static bool Alive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
