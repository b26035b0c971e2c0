using System.Globalization;
using HashMatch.Evaluation;
using HashMatch.Hashing;
using SkiaSharp;

namespace HashMatch.Benchmarks;

/// <summary>
/// Writes a folder shaped like seized media for the triage speed run (benchmarks/scripts/triage-speed.sh): N files in
/// sub-folders of 1,000, the evaluation's generated pictures at their mixed sizes (about 70 % JPEG, 20 % PNG,
/// 10 % WebP) with one file in 50 a small text document; and <c>known.csv</c> beside the folder, the MD5 and PDQ of
/// every 25th picture (so a few percent of the files match), to be indexed with a large random list.
/// </summary>
internal static class TriageFolder
{
    public const string Command = "write-triage-folder";

    public static void Write(int count, string folder, int seed)
    {
        var generator = new SyntheticImageGenerator(seed);
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        using var known = new StreamWriter(Path.Combine(parent, "known.csv"));
        known.Write("id,md5,pdq,quality,category\n");
        for (int i = 0; i < count; i++)
        {
            string directory = Path.Combine(folder, (i / 1000).ToString("D4", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(directory);
            string name = Path.Combine(directory, i.ToString("D7", CultureInfo.InvariantCulture));
            if (i % 50 == 49)
            {
                File.WriteAllText(name + ".txt", $"document {i}\n");
                continue;
            }

            using SKBitmap picture = generator.Generate(i);
            (SKEncodedImageFormat format, string extension) = (i % 10) switch
            {
                < 7 => (SKEncodedImageFormat.Jpeg, ".jpg"),
                < 9 => (SKEncodedImageFormat.Png, ".png"),
                _ => (SKEncodedImageFormat.Webp, ".webp"),
            };
            using SKData data = picture.Encode(format, 85);
            byte[] bytes = data.ToArray();
            File.WriteAllBytes(name + extension, bytes);
            if (i % 25 == 0)
            {
                ImageHashes hashes = ImageHasher.Default.HashEncoded(bytes);
                known.Write(string.Create(CultureInfo.InvariantCulture, $"known-{i},{hashes.Exact.Md5},{hashes.Pdq.Hash},{hashes.Pdq.Quality},1\n"));
            }

            if (i % 1000 == 999)
            {
                Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{i + 1:N0} files"));
            }
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\r{count:N0} files in {folder}; known.csv beside it"));
    }
}
