namespace Mnemo;

/// <summary>
/// A test hook, for the suite's kill and full-disk tests only: with <c>MNEMO_TEST_PAUSE=POINT@N</c> the process
/// stops the N-th time it reaches POINT, creates the file named by <c>MNEMO_TEST_PAUSE_MARK</c> (holding its pid
/// and the point) and waits until that file is deleted; the test meanwhile kills it, fills its disk or reads its
/// study. Points: <c>write:FILE</c>, where a file's temporary copy is complete and not yet renamed into place
/// (<see cref="Recording.AtomicFile"/>); a trailing * in POINT matches any tail (<c>write:optimizer-*</c>).
/// Unset, a point costs one comparison.
/// </summary>
public static class TestHook
{
    sealed record Pause(string Point, int Count, string Mark);

    static readonly Pause? pause = Parse(Environment.GetEnvironmentVariable("MNEMO_TEST_PAUSE"), Environment.GetEnvironmentVariable("MNEMO_TEST_PAUSE_MARK"));
    static int reached;

    static Pause? Parse(string? spec, string? mark)
    {
        if (string.IsNullOrEmpty(spec) || string.IsNullOrEmpty(mark)) return null;
        int at = spec.LastIndexOf('@');
        return at > 0 && int.TryParse(spec[(at + 1)..], out int n) && n >= 1 ? new Pause(spec[..at], n, mark) : new Pause(spec, 1, mark);
    }

    public static void At(string point)
    {
        if (pause is null || !Matches(pause.Point, point) || Interlocked.Increment(ref reached) != pause.Count) return;
        File.WriteAllText(pause.Mark + ".tmp", $"{Environment.ProcessId} {point}\n");
        File.Move(pause.Mark + ".tmp", pause.Mark, overwrite: true);
        while (File.Exists(pause.Mark)) Thread.Sleep(20);
    }

    static bool Matches(string pattern, string point) =>
        pattern.EndsWith('*') ? point.StartsWith(pattern[..^1], StringComparison.Ordinal) : point == pattern;
}
