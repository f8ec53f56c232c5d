namespace Mnemo.Models;

/// <summary>Floating-point operations of the CIFAR ResNet-18 (2 per multiply-add), for throughput figures and cost estimates.</summary>
public static class Flops
{
    /// <summary>Forward pass of one image; convolutions and the head (BatchNorm, ReLU and pooling are &lt; 1%).</summary>
    public static double Forward(int inChannels, int height, int width, int networkWidth, int outputDim)
    {
        double macs = 0;
        int h = height, w = width;
        macs += (double)h * w * networkWidth * inChannels * 9;             // stem
        int planes = networkWidth, inPlanes = networkWidth;
        for (int stage = 0; stage < 4; stage++)
        {
            for (int block = 0; block < 2; block++)
            {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                h = (h + stride - 1) / stride; w = (w + stride - 1) / stride;
                macs += (double)h * w * planes * inPlanes * 9;              // conv1
                macs += (double)h * w * planes * planes * 9;                // conv2
                if (stride != 1 || inPlanes != planes) macs += (double)h * w * planes * inPlanes; // 1x1 shortcut
                inPlanes = planes;
            }
            planes *= 2;
        }
        macs += 8.0 * networkWidth * outputDim;
        return 2 * macs;
    }

    /// <summary>Forward passes a training view costs: the forward, and the backward for inputs and for weights.</summary>
    public const int PassesPerTrainingView = 3;

    /// <summary>Training on one image-view: forward and backward.</summary>
    public static double TrainingStep(int inChannels, int height, int width, int networkWidth, int outputDim) =>
        PassesPerTrainingView * Forward(inChannels, height, width, networkWidth, outputDim);
}
