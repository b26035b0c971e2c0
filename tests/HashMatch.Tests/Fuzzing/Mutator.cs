using System.Buffers.Binary;
using System.Text;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// Deterministic mutations of a seed, in the manner of afl-fuzz's havoc stage: bit flips, bytes and words replaced
/// with interesting values (huge length fields aimed at the seed's <see cref="SeedStructure.Fields"/>), insertions,
/// deletions, chunk duplication and truncation at structure boundaries; for text, also line-level edits, delimiters,
/// huge numbers, invalid UTF-8 and over-long lines. Mutant <c>i</c> of a seed depends only on the run's seed, the
/// seed file's name and <c>i</c>, so any single failure can be regenerated from the numbers a failure prints.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x10, 0x20, 0x40, 0x7F, 0x80, 0x81, 0xFE, 0xFF];

    private static readonly uint[] InterestingWords =
        [0, 1, 2, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    private static readonly string[] TextTokens =
        [",", "\t", ";", "\"", "\n", "\r\n", "\r", "{", "}", "[", "]", ":", " ", "\0", "\\", "\\u", "#", "null", "true", "-1",
         "99999999999999999999", "1e309", "NaN", "\"@odata.context\"", "\"value\"", "pdq ", "photo_md5 ", "\uFEFF", "\uD800"];

    /// <summary>The random source for mutant <paramref name="index"/> of <paramref name="seedName"/> in run <paramref name="runSeed"/>.</summary>
    public static Random RandomFor(int runSeed, string seedName, int index)
    {
        uint h = 2166136261; // FNV-1a: string.GetHashCode differs between processes
        foreach (char c in seedName)
        {
            h = (h ^ c) * 16777619;
        }

        return new Random(unchecked((int)(h ^ (uint)runSeed ^ ((uint)index * 0x9E3779B9))));
    }

    /// <summary>One mutant: one to four stacked operations; <paramref name="operations"/> names them.</summary>
    public static byte[] Mutate(byte[] seed, SeedStructure structure, Random random, bool text, out string operations)
    {
        var bytes = new List<byte>(seed);
        var names = new List<string>();
        int stacked = 1 + (random.Next(8) == 0 ? random.Next(1, 4) : 0);
        for (int k = 0; k < stacked; k++)
        {
            names.Add(text && random.Next(2) == 0 ? MutateText(bytes, random) : MutateBytes(bytes, structure, random));
        }

        operations = string.Join(" + ", names);
        return [.. bytes];
    }

    private static string MutateBytes(List<byte> bytes, SeedStructure structure, Random random)
    {
        if (bytes.Count == 0)
        {
            bytes.Add(InterestingBytes[random.Next(InterestingBytes.Length)]);
            return "insert into empty";
        }

        switch (random.Next(8))
        {
            case 0:
            {
                int flips = 1 << random.Next(4);
                for (int f = 0; f < flips; f++)
                {
                    int bit = random.Next(bytes.Count * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return $"flip {flips} bits";
            }

            case 1:
            {
                int at = random.Next(bytes.Count);
                bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return $"byte at {at} = {bytes[at]:x2}";
            }

            case 2:
            case 3:
            {
                // A huge, zero or off-by-one length field: at a structure field when the seed has them.
                int at = structure.Fields.Length > 0 && random.Next(4) != 0 ? structure.Fields[random.Next(structure.Fields.Length)] : random.Next(bytes.Count);
                uint value = InterestingWords[random.Next(InterestingWords.Length)];
                if (random.Next(3) == 0)
                {
                    value = (uint)((int)value + random.Next(-2, 3));
                }

                int width = random.Next(2) == 0 ? 2 : 4;
                bool bigEndian = random.Next(2) == 0;
                Span<byte> word = stackalloc byte[4];
                if (bigEndian)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(word, width == 2 ? value << 16 : value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(word, value);
                }

                for (int w = 0; w < width && at + w < bytes.Count; w++)
                {
                    bytes[at + w] = word[w];
                }

                return $"{width * 8}-bit {(bigEndian ? "BE" : "LE")} field at {at} = {value:x}";
            }

            case 4:
            {
                int at = PickOffset(bytes.Count, structure, random);
                int count = 1 + random.Next(random.Next(2) == 0 ? 8 : 128);
                var inserted = new byte[count];
                if (random.Next(2) == 0)
                {
                    random.NextBytes(inserted);
                }
                else
                {
                    Array.Fill(inserted, InterestingBytes[random.Next(InterestingBytes.Length)]);
                }

                bytes.InsertRange(Math.Min(at, bytes.Count), inserted);
                return $"insert {count} at {at}";
            }

            case 5:
            {
                int at = PickOffset(bytes.Count, structure, random) % bytes.Count;
                int count = Math.Min(bytes.Count - at, 1 + random.Next(random.Next(2) == 0 ? 8 : 256));
                bytes.RemoveRange(at, count);
                return $"delete {count} at {at}";
            }

            case 6:
            {
                // Chunk duplication: a stretch (a whole segment when it starts at a boundary) inserted again elsewhere.
                int from = PickOffset(bytes.Count, structure, random) % bytes.Count;
                int count = Math.Min(bytes.Count - from, 1 + random.Next(512));
                int to = PickOffset(bytes.Count, structure, random);
                byte[] chunk = [.. bytes.GetRange(from, count)];
                int copies = random.Next(8) == 0 ? 1 + random.Next(16) : 1;
                for (int c = 0; c < copies; c++)
                {
                    bytes.InsertRange(Math.Min(to, bytes.Count), chunk);
                }

                return $"duplicate {count} from {from} to {to} ×{copies}";
            }

            default:
            {
                int length = PickOffset(bytes.Count, structure, random) % bytes.Count;
                bytes.RemoveRange(length, bytes.Count - length);
                return $"truncate to {length}";
            }
        }
    }

    private static string MutateText(List<byte> bytes, Random random)
    {
        string text = Encoding.UTF8.GetString([.. bytes]);
        string[] lines = text.Split('\n');
        string result;
        string name;
        switch (random.Next(6))
        {
            case 0 when lines.Length > 1:
            {
                int line = random.Next(lines.Length);
                int copies = random.Next(4) == 0 ? 1 + random.Next(50) : 1;
                result = string.Join('\n', lines.Take(line + 1).Concat(Enumerable.Repeat(lines[line], copies)).Concat(lines.Skip(line + 1)));
                name = $"line {line + 1} ×{copies + 1}";
                break;
            }

            case 1 when lines.Length > 1:
            {
                int line = random.Next(lines.Length);
                result = string.Join('\n', lines.Where((_, i) => i != line));
                name = $"delete line {line + 1}";
                break;
            }

            case 2:
            {
                int at = random.Next(text.Length + 1);
                string token = TextTokens[random.Next(TextTokens.Length)];
                bool replace = at < text.Length && random.Next(2) == 0;
                result = text[..at] + token + text[(replace ? at + 1 : at)..];
                name = $"{(replace ? "replace" : "insert")} {Escape(token)} at {at}";
                break;
            }

            case 3:
            {
                // A digit run (a quality, an id, a count) replaced by an extreme number.
                int start = text.IndexOfAny("0123456789".ToCharArray(), random.Next(text.Length + 1));
                if (start < 0)
                {
                    goto default;
                }

                int end = start;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                string number = random.Next(4) switch { 0 => "-1", 1 => "2147483648", 2 => new string('9', 40), _ => "0" };
                result = text[..start] + number + text[end..];
                name = $"number at {start} = {Escape(number)}";
                break;
            }

            case 4:
            {
                // Bytes that are not UTF-8, or a byte-order mark of another encoding, spliced into the raw bytes.
                byte[][] raw = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xC0, 0x80]];
                byte[] chosen = raw[random.Next(raw.Length)];
                int at = random.Next(4) == 0 ? 0 : random.Next(bytes.Count + 1);
                bytes.InsertRange(at, chosen);
                return $"insert {Convert.ToHexString(chosen)} at {at}";
            }

            case 5 when random.Next(8) == 0:
            {
                // Longer than the readers' 64K-character line limit.
                int at = random.Next(text.Length + 1);
                result = text[..at] + new string(random.Next(2) == 0 ? 'a' : ',', 70_000) + text[at..];
                name = $"70,000 characters at {at}";
                break;
            }

            default:
            {
                int line = random.Next(lines.Length);
                lines[line] = new string([.. lines[line].Reverse()]);
                result = string.Join('\n', lines);
                name = $"reverse line {line + 1}";
                break;
            }
        }

        bytes.Clear();
        bytes.AddRange(Encoding.UTF8.GetBytes(result));
        return name;
    }

    /// <summary>A structure boundary (or a byte next to one) most of the time, otherwise any offset.</summary>
    private static int PickOffset(int length, SeedStructure structure, Random random)
    {
        if (structure.Boundaries.Length > 0 && random.Next(3) != 0)
        {
            return Math.Clamp(structure.Boundaries[random.Next(structure.Boundaries.Length)] + random.Next(-1, 2), 0, length);
        }

        return random.Next(length + 1);
    }

    private static string Escape(string token) =>
        token.Length > 24 ? $"{token.Length} characters" : string.Concat(token.Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:x4}" : c.ToString()));
}
