using System.Globalization;
using Mnemo.Recording;
using Xunit;

namespace Mnemo.Tests.Recording;

[Collection(nameof(SmallStudy))]
public class TensorBoardLogTests(SmallStudy study)
{
    [Fact]
    public void Each_run_has_one_event_file_with_every_epochs_scalars_and_histogram_as_its_records_hold_them()
    {
        int m = study.Manifest.Config.Augmentations, k = study.Manifest.Config.EvalSize;
        foreach (var run in study.Runs)
        {
            var files = TensorBoardLog.EventFiles(run);
            Assert.Single(files);
            Assert.Equal("brain.Event:2", EventFile.Events(files[0])[0].FileVersion);
            var values = EventFile.Values(files);
            var log = File.ReadAllLines(run.LogPath).Skip(1).Select(l => l.Split(',')).ToArray();
            var bits = Npy.Read<byte>(run.RecognitionPath);
            Assert.Equal(3, log.Length);   // epochs 0..2
            for (int epoch = 0; epoch < log.Length; epoch++)
            {
                float Logged(int column) => (float)double.Parse(log[epoch][column], CultureInfo.InvariantCulture);
                float? Scalar(string tag) => values.SingleOrDefault(v => v.Tag == tag && v.Step == epoch)?.Value;
                Assert.Equal(epoch == 0 ? null : Logged(1), Scalar(TensorBoardLog.Loss));
                Assert.Equal(epoch == 0 ? null : Logged(2), Scalar(TensorBoardLog.Accuracy));
                Assert.Equal(Logged(3), Scalar(TensorBoardLog.LearningRate));
                Assert.Equal(Logged(5), Scalar(TensorBoardLog.MeanRecognition));

                // The run's own p_t(x): its bits of epoch t, averaged over the M views of each image.
                var p = Enumerable.Range(0, k).Select(x => Enumerable.Range(0, m).Average(v => (double)bits.Data[(epoch * m + v) * k + x])).ToArray();
                var histogram = values.Single(v => v.Tag == TensorBoardLog.ImageRecognition && v.Step == epoch).Histogram!;
                Assert.Equal(k, histogram.Num);
                Assert.Equal(k, histogram.Bucket.Sum());
                Assert.Equal(p.Sum(), histogram.Sum, 4);
                Assert.Equal(p.Min(), histogram.Min, 6);
                Assert.Equal(p.Max(), histogram.Max, 6);
            }
            Assert.Equal(4 * 3 - 2 + 3, values.Count);   // 4 scalars an epoch (no loss or accuracy at 0), a histogram an epoch
        }
    }
}
