namespace Mnemo.Recording;

/// <summary>
/// Every record is written beside its final name and renamed over it, so a run killed mid-write
/// leaves either the old file or the new one, never half of one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = $"{path}.tmp-{Environment.ProcessId}";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, leaveOpen: true); w.Write(text); });

    /// <summary>For writers that only take a path (TorchSharp's save): they write the temporary file.</summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string tmp = $"{path}.tmp-{Environment.ProcessId}";
        writeTo(tmp);
        File.Move(tmp, path, overwrite: true);
    }
}
