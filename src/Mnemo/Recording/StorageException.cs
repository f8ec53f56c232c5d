namespace Mnemo.Recording;

/// <summary>What went wrong with the file system, as a user can act on it.</summary>
public enum StorageProblem { NoSpace, ReadOnly, Denied, Gone, Other }

/// <summary>
/// The file system refused a write or a read: a full disk, a read-only mount, a permission, a folder that
/// vanished. Not the user's input and not a bug: one line naming the path and what to do. Everything that
/// was complete before it (records and checkpoint of the last epoch) stays, so the same command resumes.
/// </summary>
public sealed class StorageException(string path, StorageProblem problem, string message, Exception? inner = null)
    : MnemoException(message, inner)
{
    public string Path { get; } = path;
    public StorageProblem Problem { get; } = problem;

    /// <summary>An I/O exception of .NET, for <paramref name="path"/>, as one actionable line.</summary>
    public static StorageException From(string path, Exception e)
    {
        // On Linux .NET puts the errno in an IOException's HResult.
        var problem = e switch
        {
            UnauthorizedAccessException => StorageProblem.Denied,
            DirectoryNotFoundException or FileNotFoundException => StorageProblem.Gone,
            IOException { HResult: 28 or 122 } => StorageProblem.NoSpace,   // ENOSPC, EDQUOT
            IOException { HResult: 30 } => StorageProblem.ReadOnly,           // EROFS
            IOException { HResult: 13 or 1 } => StorageProblem.Denied,        // EACCES, EPERM
            IOException { HResult: 2 or 116 } => StorageProblem.Gone,         // ENOENT, ESTALE
            _ => StorageProblem.Other,
        };
        string what = problem switch
        {
            StorageProblem.NoSpace => "no space left on device; free some space on that file system (or use another --out)",
            StorageProblem.ReadOnly => "the file system is read-only; make it writable (or use another --out)",
            StorageProblem.Denied => "permission denied; give this user write access there (or use another --out)",
            StorageProblem.Gone => "it or its folder is gone (deleted or unmounted while mnemo ran); restore the folder (or use another --out)",
            _ => $"I/O error ({e.Message.TrimEnd('.')}); check that file system",
        };
        return new StorageException(path, problem, $"{path}: {what}, then give the same command again: it resumes where it stopped", e);
    }

    /// <summary>The one line a child process (`mnemo train`) printed for its own storage error, passed on by its parent.</summary>
    public static StorageException Relayed(string line) => new("", StorageProblem.Other, line);

    /// <summary>Exceptions of the file system, as opposed to the program's own.</summary>
    public static bool IsStorage(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>Runs a file system operation on <paramref name="path"/>, its I/O errors turned into one line.</summary>
    public static void Guard(string path, Action io)
    {
        try { io(); }
        catch (Exception e) when (IsStorage(e)) { throw From(path, e); }
    }

    public static T Guard<T>(string path, Func<T> io)
    {
        try { return io(); }
        catch (Exception e) when (IsStorage(e)) { throw From(path, e); }
    }
}
