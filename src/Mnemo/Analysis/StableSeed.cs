namespace Mnemo.Analysis;

/// <summary>Seeds for the binomial draws that depend only on the study seed and what is drawn,
/// so a report is the same on every run and machine (string.GetHashCode is randomised per process).</summary>
static class StableSeed
{
    public static int Of(int studySeed, params string[] parts)
    {
        // FNV-1a over the parts.
        uint hash = 2166136261 ^ (uint)studySeed;
        foreach (string part in parts)
        {
            foreach (char c in part)
            {
                hash ^= c;
                hash *= 16777619;
            }
            hash ^= '/';
            hash *= 16777619;
        }
        return (int)(hash & 0x7fffffff);
    }
}
