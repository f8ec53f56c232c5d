using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Marks the GLIBCXX_3.4.32 requirement of libLibTorchSharp.so weak (see PatchLibTorchSharp.targets).
public class PatchLibTorchSharp : Task
{
    [Required] public string LibraryPath { get; set; } = "";

    const string Version = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        if (SystemHasVersion())
            return true;
        byte[] elf = File.ReadAllBytes(LibraryPath);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogWarning("{0} is not a little-endian ELF64 file; not patched.", LibraryPath);
            return true;
        }
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int sh = (int)shoff + i * shentsize;
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed)
                continue;
            int offset = (int)BitConverter.ToUInt64(elf, sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int strtab = (int)BitConverter.ToUInt64(elf, (int)shoff + link * shentsize + 0x18);
            return MarkWeak(elf, offset, strtab);
        }
        Log.LogWarning("{0} has no .gnu.version_r section; not patched.", LibraryPath);
        return true;
    }

    bool MarkWeak(byte[] elf, int verneed, int strtab)
    {
        while (true)
        {
            int count = BitConverter.ToUInt16(elf, verneed + 2);
            int aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
            for (int j = 0; j < count; j++)
            {
                int name = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                if (ReadString(elf, name) == Version)
                {
                    ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                    if ((flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                        File.WriteAllBytes(LibraryPath, elf);
                        Log.LogMessage(MessageImportance.High, "Marked {0} weak in {1}", Version, LibraryPath);
                    }
                    return true;
                }
                aux += (int)BitConverter.ToUInt32(elf, aux + 12);
            }
            uint next = BitConverter.ToUInt32(elf, verneed + 12);
            if (next == 0)
                return true;
            verneed += (int)next;
        }
    }

    static string ReadString(byte[] elf, int start)
    {
        int end = start;
        while (elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    static bool SystemHasVersion()
    {
        foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu" })
        {
            string path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path))
                return Encoding.ASCII.GetString(File.ReadAllBytes(path)).Contains(Version);
        }
        return false;
    }
}
