using System.Diagnostics;
using System.Text.Json;
using Mnemo.Study;

namespace Mnemo.Training;

/// <summary>
/// Only one process trains a run at a time: its folder holds a lock file naming the owner (host,
/// pid, process start) and a heartbeat. A lock whose process is gone (same host) or whose heartbeat
/// is older than <see cref="StaleAfter"/> (any host, for a node that died) is stale and taken over.
/// </summary>
public sealed class RunLock : IDisposable
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);
    static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(30);

    public sealed record Owner(string Host, int Pid, DateTime ProcessStart, DateTime Heartbeat);

    readonly string path;
    readonly Owner me;
    DateTime lastBeat;

    RunLock(string path, Owner me) => (this.path, this.me, lastBeat) = (path, me, me.Heartbeat);

    public static RunLock Acquire(RunFolder run)
    {
        Directory.CreateDirectory(run.Dir);
        string path = run.LockPath;
        using var self = Process.GetCurrentProcess();
        var me = new Owner(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime(), DateTime.UtcNow);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                // CreateNew is O_EXCL: of two processes racing here, exactly one succeeds.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                JsonSerializer.Serialize(stream, me, StudyFolder.Json);
                return new RunLock(path, me);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = Read(path);
                if (holder is not null && !IsStale(holder))
                    throw new MnemoException(
                        $"{run.Name} is being trained by process {holder.Pid} on {holder.Host} (heartbeat {holder.Heartbeat:u}); " +
                        $"stop it first, or wait: a lock without heartbeat for {StaleAfter.TotalMinutes:F0} minutes is taken over");
                File.Delete(path);
            }
        }
        throw new MnemoException($"{run.Name}: could not take the lock {path}");
    }

    public static Owner? Read(string path)
    {
        try { return JsonSerializer.Deserialize<Owner>(File.ReadAllText(path), StudyFolder.Json); }
        catch (Exception e) when (e is IOException or JsonException) { return null; }   // half-written or gone: stale
    }

    public static bool IsStale(Owner holder)
    {
        if (holder.Host == Environment.MachineName)
            return !Alive(holder.Pid, holder.ProcessStart);
        return DateTime.UtcNow - holder.Heartbeat > StaleAfter;
    }

    static bool Alive(int pid, DateTime started)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            // A recycled pid belongs to a process that started later.
            return !p.HasExited && Math.Abs((p.StartTime.ToUniversalTime() - started).TotalSeconds) < 2;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Called often; writes at most every 30 s, so other nodes see this run is alive.</summary>
    public void Heartbeat()
    {
        var now = DateTime.UtcNow;
        if (now - lastBeat < HeartbeatEvery) return;
        lastBeat = now;
        Recording.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(me with { Heartbeat = now }, StudyFolder.Json));
    }

    public void Dispose()
    {
        if (Read(path) is { } holder && holder.Pid == me.Pid && holder.Host == me.Host)
            File.Delete(path);
    }
}
