namespace Mnemo.Analysis;

/// <summary>How recognition is averaged into one number per image.</summary>
public enum ProfileVariant
{
    /// <summary>p_t(x): mean over the N models and the M augmentations.</summary>
    Averaged,
    /// <summary>p~_t(x~): mean over the N models for one fixed augmentation (m = 0).</summary>
    Fixed,
}
