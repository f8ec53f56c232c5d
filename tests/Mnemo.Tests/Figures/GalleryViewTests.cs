using Mnemo.Augmentations;
using Mnemo.Data;
using Mnemo.Figures;
using Mnemo.Paradigms;
using Mnemo.Recording;
using Mnemo.Report;
using Mnemo.Study;
using Xunit;
using static TorchSharp.torch;

namespace Mnemo.Tests.Figures;

public class GalleryViewTests
{
    [Fact]
    public void Gallery_views_drawn_from_the_saved_parameters_are_the_views_the_networks_were_evaluated_on()
    {
        using var dir = new TempDir();
        var folder = StudySetup.Prepare(dir.Combine("study"), new StudyOptions { Preset = "smoke" });
        using var data = StudyData.Open(folder, CPU);
        var manifest = data.Manifest;
        var records = Mnemo.Analysis.StudyRecords.Load(WithOneRecord(folder, data.Config));
        var (images, why) = StudyReport.EvalImages(records);
        Assert.True(images is not null, why);
        int[] shape = manifest.ImageShape;
        int checkedViews = 0;
        foreach (var paradigm in data.Config.Paradigms.Select(Paradigm.Get))
        {
            var settings = data.Config.For(paradigm.Name);
            var drawn = EvalViews.Draw(data, paradigm);
            var read = AugmentationCsv.Read(folder.AugmentationsPath(paradigm.Name), manifest.EvalIndices, data.Config.Augmentations,
                paradigm.Views, shape[1], shape[2]);
            var evaluated = EvalViews.Tensors(data, paradigm);
            try
            {
                for (int m = 0; m < drawn.Length; m++)
                    for (int v = 0; v < paradigm.Views; v++)
                    {
                        Assert.Equal(drawn[m][v].Brightness, read[m][v].Brightness);
                        using var display = ViewImages.Render(images!, read[m][v], settings);
                        // Normalised as training normalises: the very tensor recognition was measured on, bit for bit.
                        using var asEvaluated = settings.Normalize ? manifest.Normalization.Apply(display) : display.alias();
                        Assert.Equal(evaluated[m][v].shape, asEvaluated.shape);
                        using var same = asEvaluated.eq(evaluated[m][v]).all();
                        Assert.True(same.item<bool>(), $"{paradigm.Name} view m={m} v={v} differs");
                        checkedViews++;

                        // The gallery's tile shows each of those values as its display byte.
                        var row = ViewImages.Rows(display, [5])[0];
                        using var tile = FigureCanvas.Tile(row, shape, scale: 2);
                        int plane = shape[1] * shape[2];
                        for (int y = 0; y < shape[1]; y++)
                            for (int x = 0; x < shape[2]; x++)
                            {
                                var pixel = tile.GetPixel(2 * x + 1, 2 * y + 1);
                                Assert.Equal(FigureCanvas.Byte(row[y * shape[2] + x]), pixel.Red);
                                Assert.Equal(FigureCanvas.Byte(row[2 * plane + y * shape[2] + x]), pixel.Blue);
                            }
                    }
            }
            finally
            {
                foreach (var pair in evaluated) foreach (var t in pair) t.Dispose();
            }
        }
        Assert.Equal(data.Config.Augmentations * (3 + 2), checkedViews);
    }

    // StudyRecords needs one recorded run; the views do not depend on it.
    static string WithOneRecord(StudyFolder folder, StudyConfig config)
    {
        var run = folder.Run(config.Paradigms[0], 0);
        Directory.CreateDirectory(run.Dir);
        Npy.Write<byte>(run.RecognitionPath, [1, config.Augmentations, config.EvalSize], new byte[config.Augmentations * config.EvalSize]);
        return folder.Root;
    }
}
