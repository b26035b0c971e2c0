using SkiaSharp;

namespace HashMatch.Evaluation;

/// <summary>Where an evaluation's originals come from: the synthetic generator, or a folder of the user's images.</summary>
internal abstract class OriginalSource
{
    /// <summary>Long side the user's images are scaled down to (aspect kept), like the generator's largest.</summary>
    public const int MaxSide = 4000;

    public abstract int Count { get; }

    /// <summary>"synthetic" or the folder.</summary>
    public abstract string Name { get; }

    /// <summary>Images the folder held (more than <see cref="Count"/> when <c>--originals</c> limited the run); null for the generator.</summary>
    public virtual int? Found => null;

    /// <summary>Files of the folder left out as unreadable; 0 for the generator.</summary>
    public virtual int Skipped => 0;

    public abstract SKBitmap Load(int index);

    public abstract string FamilyOf(int index);

    /// <summary>What a person looks for to check original <paramref name="index"/>: "#12" for the generator, the path inside the folder otherwise.</summary>
    public abstract string NameOf(int index);

    public static OriginalSource Synthetic(int seed, int count) => new SyntheticSource(new SyntheticImageGenerator(seed), count);

    /// <summary>Up to <paramref name="limit"/> decodable images from <paramref name="folder"/> (see <see cref="ImageFolder.Scan"/>).</summary>
    /// <exception cref="HashMatchException">The folder does not exist or holds fewer than two images.</exception>
    public static OriginalSource FromFolder(string folder, int limit)
    {
        ImageFolderScan scan = ImageFolder.Scan(folder);
        if (scan.Images.Count < 2)
        {
            throw new HashMatchException(folder, HashMatchErrorReason.Empty, $"The images folder holds fewer than two readable images ({string.Join(", ", ImageFolder.Extensions)}).");
        }

        return new FolderSource(folder, [.. scan.Images.Take(limit)], scan.Images.Count, scan.Skipped);
    }

    private sealed class SyntheticSource(SyntheticImageGenerator generator, int count) : OriginalSource
    {
        public override int Count => count;

        public override string Name => "synthetic";

        public override SKBitmap Load(int index) => generator.Generate(index);

        public override string FamilyOf(int index) => generator.Describe(index).Family.ToString();

        public override string NameOf(int index) => $"#{index}";
    }

    private sealed class FolderSource(string folder, string[] files, int found, int skipped) : OriginalSource
    {
        public override int Count => files.Length;

        public override string Name => folder;

        public override int? Found => found;

        public override int Skipped => skipped;

        public override string FamilyOf(int index) => "user";

        public override string NameOf(int index) => Path.GetRelativePath(folder, files[index]);

        public override SKBitmap Load(int index)
        {
            string path = files[index];
            using SKCodec? codec = SKCodec.Create(path)
                ?? throw new HashMatchException(path, HashMatchErrorReason.UnsupportedFormat, "Not an image SkiaSharp can decode.");
            if ((long)codec.Info.Width * codec.Info.Height > ImageFolder.MaxPixels)
            {
                throw new HashMatchException(path, HashMatchErrorReason.TooLarge, $"{codec.Info.Width}×{codec.Info.Height} pixels is over the {ImageFolder.MaxPixels / 1_000_000} megapixel limit.");
            }

            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            var decoded = new SKBitmap(info);
            SKCodecResult result = codec.GetPixels(info, decoded.GetPixels());
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            {
                decoded.Dispose();
                throw new HashMatchException(path, HashMatchErrorReason.Corrupt, $"Decoding failed: {result}.");
            }

            int longSide = Math.Max(info.Width, info.Height);
            if (longSide <= MaxSide)
            {
                return decoded;
            }

            double scale = MaxSide / (double)longSide;
            var smaller = new SKBitmap(new SKImageInfo(Math.Max(1, (int)(info.Width * scale)), Math.Max(1, (int)(info.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul));
            decoded.ScalePixels(smaller, new SKSamplingOptions(SKCubicResampler.Mitchell));
            decoded.Dispose();
            return smaller;
        }
    }
}
