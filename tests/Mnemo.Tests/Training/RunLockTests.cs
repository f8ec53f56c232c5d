using System.Text.Json;
using Mnemo.Study;
using Mnemo.Training;
using Xunit;

namespace Mnemo.Tests.Training;

public class RunLockTests
{
    [Fact]
    public void A_second_taker_is_refused_with_the_owner_named_and_may_take_it_once_released()
    {
        using var dir = new TempDir();
        var run = new StudyFolder(dir.Path).Run("simclr", 3);
        using (RunLock.Acquire(run))
        {
            var e = Assert.Throws<RunLockedException>(() => RunLock.Acquire(run));
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            Assert.Contains("simclr/seed-3", e.Message);
        }
        Assert.False(File.Exists(run.LockPath));
        using var again = RunLock.Acquire(run);
    }

    [Fact]
    public void A_lock_left_by_a_dead_process_or_a_silent_node_is_taken_over()
    {
        using var dir = new TempDir();
        var run = new StudyFolder(dir.Path).Run("supervised", 0);
        Directory.CreateDirectory(run.Dir);
        // A process of this host that no longer exists (pid far above any live one here).
        Write(run, new RunLock.Owner(Environment.MachineName, 999_999, DateTime.UtcNow, DateTime.UtcNow));
        using (RunLock.Acquire(run)) { }

        // Another host whose heartbeat stopped 11 minutes ago.
        Write(run, new RunLock.Owner("node-17", 42, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(-11)));
        using (RunLock.Acquire(run)) { }

        // Another host, alive a minute ago: refused.
        Write(run, new RunLock.Owner("node-17", 42, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(-1)));
        Assert.Contains("node-17", Assert.Throws<RunLockedException>(() => RunLock.Acquire(run)).Message);
    }

    [Fact]
    public void Of_many_takers_of_a_stale_lock_exactly_one_gets_it()
    {
        using var dir = new TempDir();
        var run = new StudyFolder(dir.Path).Run("simclr", 0);
        Directory.CreateDirectory(run.Dir);
        for (int round = 0; round < 20; round++)
        {
            Write(run, new RunLock.Owner(Environment.MachineName, 999_999, DateTime.UtcNow, DateTime.UtcNow));
            const int takers = 6;
            using var start = new Barrier(takers);
            var won = new System.Collections.Concurrent.ConcurrentBag<RunLock>();
            int refused = 0;
            var threads = Enumerable.Range(0, takers).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                try { won.Add(RunLock.Acquire(run)); }
                catch (RunLockedException) { Interlocked.Increment(ref refused); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.True(won.Count == 1, $"round {round}: {won.Count} takers hold the lock");
            Assert.Equal(takers - 1, refused);
            foreach (var l in won) l.Dispose();
            Assert.False(File.Exists(run.LockPath));
            Assert.Empty(Directory.GetFiles(run.Dir, "lock.*"));
        }
    }

    static void Write(RunFolder run, RunLock.Owner owner) =>
        File.WriteAllText(run.LockPath, JsonSerializer.Serialize(owner, StudyFolder.Json));
}
