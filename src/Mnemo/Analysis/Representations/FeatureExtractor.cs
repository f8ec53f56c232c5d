using static TorchSharp.torch;

namespace Mnemo.Analysis.Representations;

/// <summary>Penultimate features (after global average pooling, before the head) of a network, batch by batch.</summary>
public static class FeatureExtractor
{
    /// <summary>images: uint8 [n, C, H, W] (0..255) on any device; returns [n, 8W] row-major.</summary>
    public static float[] Extract(StudyNetwork network, Tensor images, Device device, int batchSize = 256)
    {
        long n = images.shape[0];
        int dim = network.Model.FeatureDim;
        var features = new float[checked((int)(n * dim))];
        using var noGrad = no_grad();
        using var kernels = NativeSetup.ForwardKernels(device);
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, n - start);
            var pixels = images.narrow(0, start, count).to(device).to(float32).div_(Mnemo.Data.StudyData.PixelScale);
            network.Model.Features(network.Input(pixels)).cpu().data<float>().CopyTo(features, checked((int)(start * dim)));
        }
        return features;
    }
}
