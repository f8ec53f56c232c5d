using System.Diagnostics;
using Mnemo.Study;
using Mnemo.Tests.Cli;
using Xunit;
using Xunit.Abstractions;

namespace Mnemo.Tests.Cluster;

/// <summary>
/// SIGKILL, which no program can catch, to a `mnemo run` process at seeded moments, each followed by the same command:
/// the study must end with the records and models of a study that was never stopped, and nothing a kill leaves may
/// look damaged. Half the kills land at named writes through the test hook (a file's temporary copy complete and not
/// yet renamed: during a record write, during a checkpoint write, ...), half at a seeded delay while it trains.
/// </summary>
public class KillTests(ITestOutputHelper log)
{
    static readonly string[] Study = ["--preset", "smoke", "--paradigms", "supervised,simclr", "--models", "1", "--epochs", "supervised=6,simclr=12",
                                      "--jobs", "1", "--threads", "1", "--no-representations"];
    static readonly string[] Points =
    [
        "write:recognition.npy", "write:margins.npy", "write:recognition_reverse.npy", "write:margins_reverse.npy", "write:log.csv",
        "write:checksums.sha256", "write:model-*", "write:optimizer-*", "write:state.json", "write:run.json", "write:model.bin",
    ];
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    static string[] Temporaries(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => f.Contains(".tmp-")).Select(f => Path.GetRelativePath(root, f)).ToArray();

    [Fact]
    public void Sigkill_at_seeded_moments_then_resume_ends_with_the_records_and_model_of_an_uninterrupted_study()
    {
        var clock = Stopwatch.StartNew();
        using var dir = new TempDir();
        var straight = new StudyFolder(dir.Combine("straight"));
        var whole = CliRunner.Run(["run", .. Study, "--out", straight.Root]);
        Assert.True(whole.Exit == 0, whole.Output);

        var folder = new StudyFolder(dir.Combine("killed"));
        string[] command = ["run", .. Study, "--out", folder.Root];
        var rng = new Random(12);
        // First during a record write (epoch 1's recognition.npy renamed, its margins.npy not) and during a checkpoint
        // write (the model renamed, the optimizer not); then a named write and a timed kill in turn.
        var plan = new List<string?> { "write:margins.npy@2", "write:optimizer-*@1" };
        for (int i = 0; i < 10; i++) plan.Add(i % 2 == 0 ? null : $"{Points[rng.Next(Points.Length)]}@{1 + rng.Next(2)}");

        var kills = new List<string>();
        foreach (var pause in plan)
        {
            using var child = new PausedMnemo(pause, command);
            string moment;
            if (pause is not null)
            {
                if (!child.WaitForPause(Limit)) { log.WriteLine($"{pause}: not reached, the study ended"); break; }
                moment = $"at {child.PausedAt.Split(' ')[1]} (occurrence {pause.Split('@')[1]})";
            }
            else
            {
                // Once this start has begun training (run.json rewritten), after a seeded delay.
                var started = DateTime.UtcNow;
                Wait.For(() => child.Process.HasExited || folder.Runs(folder.ReadManifest().Config)
                    .Any(r => File.Exists(r.StatusPath) && File.GetLastWriteTimeUtc(r.StatusPath) > started), Limit, "a run to start");
                int delay = rng.Next(0, 600);
                Thread.Sleep(delay);
                moment = $"{delay} ms into training";
            }
            string[] midWrite = Temporaries(folder.Root);
            if (!child.Kill()) { log.WriteLine($"{moment}: it had ended, the study is done"); break; }
            var config = folder.ReadManifest().Config;
            string state = string.Join(", ", folder.Runs(config).Select(r => $"{r.Name} {r.ReadStatus()?.State.ToString().ToLowerInvariant() ?? "pending"} {r.ReadStatus()?.EpochsDone ?? 0}"));
            kills.Add($"kill {kills.Count + 1} {moment}; temporary files then: {(midWrite.Length == 0 ? "none" : string.Join(" ", midWrite))}; runs: {state}");
            foreach (var run in folder.Runs(config))
            {
                var check = StudyVerify.Run(run, config);
                Assert.False(check.IsDamaged, $"after {kills[^1]}: {run.Name} {check.Describe()}");
            }
        }
        foreach (var k in kills) log.WriteLine(k);
        Assert.True(kills.Count >= 10, $"only {kills.Count} kills landed");
        Assert.Contains(kills, k => k.Contains("at write:margins.npy") && k.Contains("margins.npy.tmp-"));
        Assert.Contains(kills, k => k.Contains("at write:optimizer-") && k.Contains("optimizer-e") && k.Contains(".tmp-"));

        using (var last = new PausedMnemo(null, command))
        {
            var done = last.WaitForExit(Limit);
            Assert.True(done.Exit == 0, done.Output);
        }
        Assert.Empty(Temporaries(folder.Root));
        Records.AssertSameStudy(straight, folder);
        var verify = CliRunner.Run("verify", "--study", folder.Root);
        Assert.True(verify.Exit == 0, verify.Output);
        log.WriteLine($"{kills.Count} kills, {clock.Elapsed.TotalSeconds:F0} s in all");
    }
}
