using Mnemo.Data;
using Xunit;

namespace Mnemo.Tests.Data;

public class DataDescriptionTests
{
    static Dataset Small()
    {
        var train = new ImageSet(new byte[5 * 2 * 3 * 4], [0, 2, 2, 1, 2], 2, 3, 4);
        var test = new ImageSet(new byte[2 * 2 * 3 * 4], [1, 1], 2, 3, 4);
        return new Dataset("tiny", train, test, ["cat", "dog", "ankle boot"]);
    }

    [Fact]
    public void Summary_counts_splits_shape_and_classes()
    {
        var summary = DataDescription.Describe(Small());

        Assert.Equal(("tiny", 5, 2), (summary.Name, summary.TrainCount, summary.TestCount));
        Assert.Equal("2x3x4", summary.Shape);
        Assert.Equal(
            [new ClassCount(0, "cat", 1, 0), new ClassCount(1, "dog", 1, 2), new ClassCount(2, "ankle boot", 3, 0)],
            summary.Classes);
    }

    [Fact]
    public void Text_has_a_header_and_one_line_per_class()
    {
        string[] lines = DataDescription.Describe(Small()).ToText().TrimEnd().Split('\n');

        Assert.Equal(5, lines.Length);
        Assert.Equal("tiny: 5 train, 2 test, images 2x3x4, 3 classes", lines[0]);
        Assert.Matches(@"^\s+2\s+ankle boot\s+3\s+0$", lines[4]);
    }
}
