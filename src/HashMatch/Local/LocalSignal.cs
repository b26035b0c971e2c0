using System.Diagnostics.CodeAnalysis;
using HashMatch.Imaging;

namespace HashMatch.Local;

/// <summary>
/// A picture's local-feature signal: up to <see cref="MaxFeatures"/> ORB-style features (Rublee et al. 2011), each
/// a 64-bit projection of its 256-bit oriented BRIEF descriptor with coarse geometry (a cell of a 128-cell grid over
/// the long side, one of 4 scales, one of 32 orientations), and the picture's size. It finds copies PDQ cannot —
/// crops, text and stickers drawn over, small rotations — through <see cref="LocalIndex"/>.
/// </summary>
/// <remarks>
/// <para>
/// Stored form (<see cref="ToBytes"/>, <see cref="Parse"/>): at most <see cref="MaxEncodedLength"/> bytes, versioned
/// and checksummed. Local descriptors with exact positions can be inverted into a recognisable picture (Weinzaepfel,
/// Jégou &amp; Pérez 2011; Dangwal et al. 2021); this form keeps a quarter of each descriptor's bits as votes and
/// positions to 4 pixels in 512, which makes such reconstruction much harder but is no proof against it. Lists of
/// these signals are for matching against pictures the list's owner holds, not for exchange (docs/local-features.md).
/// </para>
/// <para>Immutable and thread-safe. <see cref="Compute"/> is deterministic: the same pixels give the same bytes on
/// every machine and instruction set.</para>
/// </remarks>
[Experimental(LocalApi.DiagnosticId)]
public sealed class LocalSignal
{
    /// <summary>Most features a signal holds (what keeps the stored form within 1 KB).</summary>
    public static readonly int MaxFeatures = LocalSignalFormat.MaxFeatures;

    /// <summary>Longest stored form in bytes: <see cref="MaxFeatures"/> features and the header.</summary>
    public static readonly int MaxEncodedLength = LocalSignalFormat.EncodedLength(LocalSignalFormat.MaxFeatures);

    private readonly LocalFeature[] _features;

    internal LocalSignal(int width, int height, bool mirrored, LocalFeature[] features)
    {
        Width = width;
        Height = height;
        Mirrored = mirrored;
        _features = features;
    }

    /// <summary>Width of the picture the signal was computed from, in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the picture the signal was computed from, in pixels.</summary>
    public int Height { get; }

    /// <summary>Whether the signal is of the picture mirrored left to right (a query's second signal; see <see cref="Compute"/>).</summary>
    public bool Mirrored { get; }

    /// <summary>Number of features (0 for a flat picture or one too small to have corners; at most <see cref="MaxFeatures"/>).</summary>
    public int FeatureCount => _features.Length;

    /// <summary>The features, strongest first.</summary>
    internal ReadOnlySpan<LocalFeature> Features => _features;

    /// <summary>Computes the signal of decoded pixels (any <see cref="PixelFormat"/>), mirrored left to right first when <paramref name="mirrored"/>.</summary>
    /// <remarks>
    /// <para>
    /// The pixels must be the whole picture at its size: decode with <see cref="ImageDecodeOptions.KeepAllPixels"/>,
    /// since the 512×512 sample a decoder may return for PDQ loses the aspect ratio and most of the detail.
    /// </para>
    /// <para>
    /// A mirrored signal is what a query uses to find mirrored copies: a local descriptor is not mirror-invariant.
    /// Its geometry is that of the mirrored picture.
    /// </para>
    /// </remarks>
    public static LocalSignal Compute(PixelBuffer image, bool mirrored = false) =>
        new(image.Width, image.Height, mirrored, LocalFeatureExtractor.Extract(image, mirrored, LocalSignalFormat.MaxFeatures));

    /// <summary>The stored form: version 1, at most <see cref="MaxEncodedLength"/> bytes (docs/local-features.md, "Stored form").</summary>
    public byte[] ToBytes() => LocalSignalFormat.Write(this);

    /// <summary>Reads a stored form written by <see cref="ToBytes"/>.</summary>
    /// <param name="bytes">The stored form.</param>
    /// <param name="inputName">Names the input in errors (a file and line, a database row).</param>
    /// <exception cref="HashMatchException">
    /// <see cref="HashMatchErrorReason.Truncated"/> (shorter than its header or its feature count says),
    /// <see cref="HashMatchErrorReason.UnsupportedFormat"/> (not a local signal, or another version),
    /// <see cref="HashMatchErrorReason.TooLarge"/> (more than <see cref="MaxFeatures"/> features), or
    /// <see cref="HashMatchErrorReason.Corrupt"/> (checksum mismatch, trailing bytes, a field out of range).
    /// </exception>
    public static LocalSignal Parse(ReadOnlySpan<byte> bytes, string inputName)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        return LocalSignalFormat.Read(bytes, inputName);
    }

    /// <summary>
    /// Reads the stored form in base64, as <c>hashmatch hash --signal local</c> writes it in JSON lines and the
    /// service takes it in entries.
    /// </summary>
    /// <param name="text">Base64 of <see cref="ToBytes"/>.</param>
    /// <param name="inputName">Names the input in errors.</param>
    /// <exception cref="HashMatchException">
    /// <see cref="HashMatchErrorReason.Corrupt"/> when <paramref name="text"/> is not base64 of at most
    /// <see cref="MaxEncodedLength"/> bytes; otherwise as <see cref="Parse"/>.
    /// </exception>
    public static LocalSignal FromBase64(string text, string inputName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(inputName);
        Span<byte> decoded = stackalloc byte[MaxEncodedLength + 3];
        if (text.Length > (MaxEncodedLength + 2) / 3 * 4 || !Convert.TryFromBase64String(text, decoded, out int written))
        {
            throw new HashMatchException(inputName, HashMatchErrorReason.Corrupt, $"a local signal is base64 of at most {MaxEncodedLength:N0} bytes");
        }

        return Parse(decoded[..written], inputName);
    }
}
