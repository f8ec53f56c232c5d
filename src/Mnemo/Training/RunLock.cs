using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Mnemo.Recording;
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

    /// <exception cref="RunLockedException">A live process holds it.</exception>
    public static RunLock Acquire(RunFolder run)
    {
        StorageException.Guard(run.Dir, () => Directory.CreateDirectory(run.Dir));
        string path = run.LockPath;
        using var self = Process.GetCurrentProcess();
        var me = new Owner(Environment.MachineName, Environment.ProcessId, self.StartTime.ToUniversalTime(), DateTime.UtcNow);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            if (TryCreate(path, me)) return new RunLock(path, me);
            var holder = Read(path);
            if (holder is not null && !IsStale(holder))
                throw new RunLockedException(run, holder,
                    $"{run.Name} is being trained by process {holder.Pid} on {holder.Host} (heartbeat {holder.Heartbeat:u}); " +
                    $"stop it first, or wait: a lock without heartbeat for {StaleAfter.TotalMinutes:F0} minutes is taken over");
            if (!TakeOver(path, holder)) Thread.Sleep(Random.Shared.Next(20, 100));
        }
        throw new MnemoException($"{run.Name}: could not take the lock {path}");
    }

    /// <summary>The process training <paramref name="run"/> now, or null when none holds its lock (or only a stale one).</summary>
    public static Owner? LiveHolder(RunFolder run) => Read(run.LockPath) is { } holder && !IsStale(holder) ? holder : null;

    [DllImport("libc", SetLastError = true)]
    static extern int link(string existing, string name);

    const int EEXIST = 17;

    // The lock appears complete or not at all: written under a name of its own, then hard-linked to the lock's name,
    // which fails if a lock is there (so a half-written lock is never read as a stale one).
    static bool TryCreate(string path, Owner me)
    {
        string fresh = $"{path}.new-{me.Pid}-{Path.GetRandomFileName()}";
        try
        {
            StorageException.Guard(path, () => File.WriteAllText(fresh, JsonSerializer.Serialize(me, StudyFolder.Json)));
            if (link(fresh, path) == 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EEXIST) return false;
            throw StorageException.From(path, new IOException($"link failed (errno {errno})", errno));
        }
        finally
        {
            try { File.Delete(fresh); } catch (Exception e) when (StorageException.IsStorage(e)) { }
        }
    }

    // Two processes may both find a lock stale; the second's delete must not remove the first's new lock. So one at a
    // time, holding lock.takeover, reads it again and deletes it only if it is still that stale lock.
    static bool TakeOver(string path, Owner? stale)
    {
        string guard = path + ".takeover";
        try { new FileStream(guard, FileMode.CreateNew, FileAccess.Write).Dispose(); }
        catch (IOException e) when (e.HResult == EEXIST)
        {
            // Held for microseconds: an old one was left by a process killed while holding it.
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(guard) > TimeSpan.FromSeconds(30))
                StorageException.Guard(guard, () => File.Delete(guard));
            return false;
        }
        catch (Exception e) when (StorageException.IsStorage(e)) { throw StorageException.From(guard, e); }
        try
        {
            string text;
            // Gone (its owner released it, or another taker deleted it and has yet to link its own): nothing to
            // delete. Deleting here anyway could remove the lock that taker links a moment later.
            try { text = File.ReadAllText(path); }
            catch (FileNotFoundException) { return true; }
            catch (Exception e) when (StorageException.IsStorage(e)) { throw StorageException.From(path, e); }
            var now = Parse(text);   // null: not a lock Mnemo wrote whole (they appear by link, complete), so stale
            if (now is not null && now != stale && !IsStale(now)) return false;
            StorageException.Guard(path, () => File.Delete(path));
            return true;
        }
        finally
        {
            try { File.Delete(guard); } catch (Exception e) when (StorageException.IsStorage(e)) { }
        }
    }

    public static Owner? Read(string path)
    {
        try { return Parse(File.ReadAllText(path)); }
        catch (IOException) { return null; }   // gone: stale
    }

    static Owner? Parse(string text)
    {
        try { return JsonSerializer.Deserialize<Owner>(text, StudyFolder.Json); }
        catch (JsonException) { return null; }
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
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(me with { Heartbeat = now }, StudyFolder.Json));
    }

    public void Dispose()
    {
        // Never throws: it runs while an error (a full or read-only disk) is on its way out, and a lock left by a
        // process that has ended is taken over anyway.
        try
        {
            if (Read(path) is { } holder && holder.Pid == me.Pid && holder.Host == me.Host)
                File.Delete(path);
        }
        catch (Exception e) when (StorageException.IsStorage(e)) { }
    }
}

/// <summary>The run is being trained by another live process (<see cref="Holder"/>): not an error of this one.</summary>
public sealed class RunLockedException(RunFolder run, RunLock.Owner holder, string message) : MnemoException(message)
{
    public RunFolder Run { get; } = run;
    public RunLock.Owner Holder { get; } = holder;
}
