
namespace Mnemo.Analysis.Representations;

/// <summary>A seeded subset with classes as equal as the data allow.</summary>
public static class BalancedSample
{
    /// <summary>
    /// <paramref name="count"/> positions into <paramref name="labels"/>, ascending: classes take turns,
    /// each giving its next image in a seeded shuffle, and a class that runs out drops from the turns.
    /// </summary>
    public static int[] Draw(int[] labels, int count, int seed)
    {
        if (count < 0 || count > labels.Length) throw new ArgumentOutOfRangeException(nameof(count), count, $"0..{labels.Length} positions");
        var rng = new Random(seed);
        var queues = labels.Select((label, position) => (label, position))
            .GroupBy(p => p.label).OrderBy(g => g.Key)
            .Select(g => g.Select(p => p.position).ToArray())
            .Select(members => new Queue<int>(Seeds.Permutation(members.Length, rng).Select(i => members[i]))).ToList();
        var chosen = new List<int>(count);
        while (chosen.Count < count)
            foreach (var queue in queues)
                if (chosen.Count < count && queue.TryDequeue(out int position)) chosen.Add(position);
        chosen.Sort();
        return [.. chosen];
    }
}
