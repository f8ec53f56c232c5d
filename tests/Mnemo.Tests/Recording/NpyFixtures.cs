using System.Buffers.Binary;
using System.Text;

namespace Mnemo.Tests.Recording;

// .npy files written byte by byte, so the reader is checked against the format, not against Npy.Write.
internal static class NpyFixtures
{
    // A .npy file as the format describes it: magic, major and minor version, the header's length
    // (2 bytes little-endian in 1.0, 4 in 2.0 and 3.0), the header padded with spaces and a newline
    // so that the data starts at a multiple of 64, then the data.
    public static byte[] NpyFile(int major, string header, byte[] data)
    {
        byte[] text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        int preamble = major == 1 ? 10 : 12;
        int padded = text.Length + 1;
        padded += (64 - (preamble + padded) % 64) % 64;
        var bytes = new byte[preamble + padded + data.Length];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)padded);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)padded);
        text.CopyTo(bytes, preamble);
        bytes.AsSpan(preamble + text.Length, padded - text.Length - 1).Fill((byte)' ');
        bytes[preamble + padded - 1] = (byte)'\n';
        data.CopyTo(bytes, preamble + padded);
        return bytes;
    }

    public static string Dict(string descr, string fortran, string shape) =>
        $"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}";
}
