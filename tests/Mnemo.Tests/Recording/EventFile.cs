using System.Buffers.Binary;
using Tensorboard;
using Xunit;

namespace Mnemo.Tests.Recording;

/// <summary>One value of a TensorBoard event file: a scalar, or a histogram (then Value is NaN).</summary>
public sealed record BoardValue(string Tag, long Step, float Value, HistogramProto? Histogram);

/// <summary>
/// Reads a TensorBoard event file independently of the writer: TFRecord framing ([u64 length][u32 masked CRC-32C of
/// the length][Event][u32 masked CRC-32C of the Event]), each Event decoded with TorchSharp's protobuf classes.
/// </summary>
public static class EventFile
{
    static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8u;

    public static List<Event> Events(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        for (int at = 0; at < bytes.Length;)
        {
            Assert.True(at + 12 <= bytes.Length, $"{path}: a record is cut off at byte {at}");
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8)));
            Assert.True(Masked(TorchSharp.Utils.CRC32C.process(bytes[at..(at + 8)])) == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)),
                $"{path}: bad length checksum at byte {at}");
            Assert.True(at + 12 + length + 4 <= bytes.Length, $"{path}: a record is cut off at byte {at}");
            var data = bytes[(at + 12)..(at + 12 + length)];
            Assert.True(Masked(TorchSharp.Utils.CRC32C.process(data)) == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)),
                $"{path}: bad data checksum at byte {at}");
            events.Add(Event.Parser.ParseFrom(data));
            at += 12 + length + 4;
        }
        return events;
    }

    /// <summary>Every value of the files, in file order.</summary>
    public static List<BoardValue> Values(IEnumerable<string> paths) =>
        paths.Order().SelectMany(Events).Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Select(v => v.ValueCase == Summary.Types.Value.ValueOneofCase.Histo
                ? new BoardValue(v.Tag, e.Step, float.NaN, v.Histo)
                : new BoardValue(v.Tag, e.Step, v.SimpleValue, null)))
            .ToList();
}
