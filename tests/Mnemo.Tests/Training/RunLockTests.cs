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
            var e = Assert.Throws<MnemoException>(() => RunLock.Acquire(run));
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
        Assert.Contains("node-17", Assert.Throws<MnemoException>(() => RunLock.Acquire(run)).Message);
    }

    static void Write(RunFolder run, RunLock.Owner owner) =>
        File.WriteAllText(run.LockPath, JsonSerializer.Serialize(owner, StudyFolder.Json));
}
