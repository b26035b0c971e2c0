namespace HashMatch.Evaluation;

/// <summary>The transforms and strengths an evaluation run applies, and parsing of <c>--transforms</c>.</summary>
public static class TransformCatalog
{
    /// <summary>Strengths measured for each kind, from mild to severe.</summary>
    public static IReadOnlyDictionary<TransformKind, double[]> Levels { get; } = new Dictionary<TransformKind, double[]>
    {
        [TransformKind.Resize] = [0.1, 0.25, 0.5, 0.75, 1.5, 3],
        [TransformKind.Jpeg] = [95, 75, 50, 30, 10],
        [TransformKind.Crop] = [0.01, 0.05, 0.1, 0.2, 0.3],
        [TransformKind.Pad] = [0.01, 0.05, 0.1, 0.2, 0.3],
        [TransformKind.Rotate] = [0.5, 2, 5, 10, 15],
        [TransformKind.QuarterTurn] = [90, 180, 270],
        [TransformKind.Flip] = [0, 1],
        [TransformKind.Blur] = [0.25, 0.5, 1, 2, 4],
        [TransformKind.Sharpen] = [0.5, 1, 2, 4],
        [TransformKind.Noise] = [5, 10, 20, 40],
        [TransformKind.Gamma] = [0.5, 0.7, 1.5, 2.2],
        [TransformKind.Brightness] = [-60, -30, 30, 60],
        [TransformKind.Contrast] = [0.5, 0.75, 1.5, 2],
        [TransformKind.Grayscale] = [1],
        [TransformKind.HueShift] = [30, 90, 180],
        [TransformKind.Overlay] = [0.01, 0.05, 0.1, 0.2, 0.3],
        [TransformKind.Caption] = [0.05, 0.1, 0.2, 0.3],
        [TransformKind.Aspect] = [0.5, 0.75, 1.33, 2],
        [TransformKind.Screenshot] = [0.9, 0.7, 0.5, 0.3],
        [TransformKind.PhoneScreenshot] = [0, 1],
        [TransformKind.PhoneFeed] = [0, 1],
        [TransformKind.Collage] = [0.01, 0.03, 0.06],
        [TransformKind.PictureInPicture] = [0.6, 0.5, 0.4],
        [TransformKind.SideCrop] = [0.03, 0.05, 0.1],
        [TransformKind.MemeText] = [0.1, 0.2],
        [TransformKind.Sticker] = [0.05, 0.1],
        [TransformKind.CropMirrorJpeg] = [0.05],
    };

    /// <summary>Every transform at every strength, for the given kinds (all kinds when null), in a fixed order.</summary>
    public static ImageTransform[] For(IEnumerable<TransformKind>? kinds = null)
    {
        HashSet<TransformKind> chosen = [.. kinds ?? Enum.GetValues<TransformKind>()];
        return [.. Enum.GetValues<TransformKind>().Where(chosen.Contains).SelectMany(k => Levels[k].Select(p => new ImageTransform(k, p)))];
    }

    /// <summary>Parses a comma-separated list of kind names (case-insensitive), e.g. "jpeg,resize,crop".</summary>
    /// <exception cref="FormatException">A name is not a transform kind; the message lists the valid ones.</exception>
    public static TransformKind[] ParseKinds(string list)
    {
        var kinds = new List<TransformKind>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds.Add(TransformKindNames.Parse(name));
        }

        return [.. kinds.Distinct()];
    }
}
