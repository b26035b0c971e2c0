using HashMatch.Imaging;
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

    /// <summary>Decoded pixels as an RGBA bitmap for the transforms (grey and 3-byte layouts expanded); disposes <paramref name="image"/>.</summary>
    private static SKBitmap Bitmap(DecodedImage image)
    {
        using (image)
        {
            var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            Span<byte> target = bitmap.GetPixelSpan();
            PixelBuffer source = image.Pixels;
            int bytesPerPixel = image.Format switch
            {
                PixelFormat.Gray8 => 1,
                PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
                _ => 4,
            };
            bool bgr = image.Format is PixelFormat.Bgr24 or PixelFormat.Bgra32;
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = source.Pixels.Slice(y * source.Stride, image.Width * bytesPerPixel);
                Span<byte> output = target.Slice(y * bitmap.RowBytes, image.Width * 4);
                for (int x = 0; x < image.Width; x++)
                {
                    ReadOnlySpan<byte> p = row.Slice(x * bytesPerPixel, bytesPerPixel);
                    byte r = p[0], g = bytesPerPixel == 1 ? p[0] : p[1], b = bytesPerPixel == 1 ? p[0] : p[2];
                    (output[x * 4], output[(x * 4) + 1], output[(x * 4) + 2], output[(x * 4) + 3]) = bgr ? (b, g, r, (byte)255) : (r, g, b, (byte)255);
                }
            }

            return bitmap;
        }
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
        /// <summary>Every pixel at full size: the transforms work on the picture itself.</summary>
        private static readonly ImageDecodeOptions FullDecode = ImageDecodeOptions.Default with { ScaledDecode = false };

        public override int Count => files.Length;

        public override string Name => folder;

        public override int? Found => found;

        public override int Skipped => skipped;

        public override string FamilyOf(int index) => "user";

        public override string NameOf(int index) => Path.GetRelativePath(folder, files[index]);

        public override SKBitmap Load(int index)
        {
            // The library's decoder, exactly as hashing would decode the file (limits, truncation, all pixels kept).
            string path = files[index];
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HashMatchException(path, HashMatchErrorReason.Unreadable, e.Message, e);
            }

            SKBitmap decoded = Bitmap(SkiaImageDecoder.Instance.Decode(bytes, path, FullDecode));
            SKImageInfo info = decoded.Info;
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
