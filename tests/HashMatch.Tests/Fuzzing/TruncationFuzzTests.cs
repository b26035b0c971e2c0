using HashMatch.Fuzz.Targets;
using HashMatch.Hashing;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// Every image seed cut at every interesting offset — each structure boundary and the bytes around it, the first and
/// last 16 bytes, and every 1/48 of the file: refused as <see cref="HashMatchErrorReason.Truncated"/> by default,
/// and hashed or refused with a typed error when truncation is allowed.
/// </summary>
[Trait("Cost", "Slow")]
public sealed class TruncationFuzzTests
{
    private static readonly ImageHasher Strict = new(new ImageHasherOptions { Decode = DecoderTarget.Limits });

    private static readonly ImageHasher Lenient = new(new ImageHasherOptions { Decode = DecoderTarget.Limits with { AllowTruncated = true } });

    public static TheoryData<string> ImageSeeds => [.. MutationCampaign.Seeds("decoder").Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(ImageSeeds))]
    public void Every_truncation_of_an_image_is_refused_as_truncated(string seedName)
    {
        byte[] seed = File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(MutationCampaign.Seeds("decoder")[0])!, seedName));
        var failures = new List<string>();
        int[] cuts = Cuts(seed);
        foreach (int length in cuts)
        {
            try
            {
                ImageHashes hashes = Strict.HashEncoded(seed.AsSpan(0, length), "cut");
                failures.Add($"{length} of {seed.Length} bytes: accepted ({hashes.EncodedFormat}, quality {hashes.Pdq.Quality})");
            }
            catch (HashMatchException e) when (e.Reason != HashMatchErrorReason.Truncated)
            {
                failures.Add($"{length} of {seed.Length} bytes: {e.Reason} ({e.Detail})");
            }
            catch (HashMatchException)
            {
            }

            try
            {
                Lenient.HashEncoded(seed.AsSpan(0, length), "cut");
            }
            catch (HashMatchException e) when (e.Input == "cut")
            {
            }
        }

        Assert.True(failures.Count == 0, $"{seedName}: {failures.Count} of {cuts.Length} cuts not refused as truncated:\n{string.Join('\n', failures)}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{cuts.Length} cuts of {seed.Length} bytes");
    }

    /// <summary>The lengths to cut at: around every boundary, the first and last 16 bytes, and a stride.</summary>
    internal static int[] Cuts(byte[] seed)
    {
        var cuts = new SortedSet<int>();
        foreach (int boundary in SeedStructure.Of(seed).Boundaries)
        {
            for (int d = -2; d <= 4; d++)
            {
                cuts.Add(boundary + d);
            }
        }

        for (int d = 1; d <= 16; d++)
        {
            cuts.Add(d);
            cuts.Add(seed.Length - d);
        }

        for (int length = 0; length < seed.Length; length += Math.Max(1, seed.Length / 48))
        {
            cuts.Add(length);
        }

        cuts.RemoveWhere(c => c < 1 || c >= seed.Length);
        return [.. cuts];
    }
}
