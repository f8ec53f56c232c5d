namespace Mnemo.Tests;

/// <summary>A fresh folder under the system temp dir, removed when the test ends.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mnemo-test-").FullName;
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }

    /// <summary>A copy of <paramref name="from"/>'s files and folders, leaving out those whose names <paramref name="skip"/> says.</summary>
    public static void CopyFolder(string from, string to, Func<string, bool>? skip = null)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            if (skip?.Invoke(System.IO.Path.GetFileName(file)) != true) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (string sub in Directory.EnumerateDirectories(from))
            if (skip?.Invoke(System.IO.Path.GetFileName(sub)) != true) CopyFolder(sub, System.IO.Path.Combine(to, System.IO.Path.GetFileName(sub)), skip);
    }
}
