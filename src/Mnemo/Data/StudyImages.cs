using Mnemo.Study;

namespace Mnemo.Data;

/// <summary>The images of a study, loaded from its data spec: the training subset its networks train on, and the test split.</summary>
public static class StudyImages
{
    /// <exception cref="MnemoException">The data cannot be read, or differs from the data the study was made with.</exception>
    public static (ImageSet Train, ImageSet Test) Load(StudyFolder folder, StudyManifest manifest)
    {
        var dataset = DataSource.Load(manifest.Config.Data);
        if (dataset.Fingerprint() != manifest.DatasetFingerprint)
            throw new MnemoException(
                $"{folder.ManifestPath}: the data '{manifest.Config.Data}' differs from the data this study was created with (fingerprint mismatch)");
        return (manifest.TrainIndices is null ? dataset.Train : dataset.Train.Subset(manifest.TrainIndices), dataset.Test);
    }
}
