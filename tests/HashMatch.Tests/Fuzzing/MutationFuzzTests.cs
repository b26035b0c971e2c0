using HashMatch.Fuzz.Targets;
using HashMatch.Imaging;

namespace HashMatch.Tests.Fuzzing;

/// <summary>
/// The seeded mutation test (issue 12, "a fuzzing harness that stays"): about 12,000 mutants of generated seeds of
/// every input format the library reads — JPEG (baseline, progressive, grey, CMYK, restart markers, arithmetic),
/// PNG, GIF (animated too), BMP, WebP (animated too), ICO, every hash list layout, and index files — each run through
/// the coverage-guided fuzzer's targets: only <see cref="HashMatchException"/> naming the input with a defined reason
/// may escape, each input within <see cref="MutationCampaign.TimePerInput"/> and a bound on managed allocation.
/// Deterministic: a failure names the seed file, the mutant index and the run seed (HASHMATCH_FUZZ_SEED).
/// </summary>
[Trait("Cost", "Slow")]
public sealed class MutationFuzzTests
{
    // The decoder target's small limits: a mutant claiming a larger picture is refused from its header.
    private static readonly long PixelBytes = DecoderTarget.Limits.MaxPixels * 4;

    [Fact]
    public void Mutated_images_are_hashed_or_refused_with_a_typed_error()
    {
        // Small seeds get 260 mutants, the three larger than 512 px (scaled decodes, ~50 ms each) 20.
        MutationCampaign.Outcome outcome = MutationCampaign.Run(
            "decoder", seed => seed.Length < 4096 || !IsLarge(seed) ? 260 : 20, text: false,
            length => (3 * PixelBytes) + (64L * length) + (4 << 20));
        Report(outcome);
        Assert.True(outcome.Mutants >= 8_000);

        // Every decode gave its pixel memory back to the process's decode budget, refused or not. Other tests may hold
        // some at any moment, so the budget has to be seen empty once, not at once.
        Assert.True(SpinWait.SpinUntil(() => DecodeBudget.Shared.Held == 0, TimeSpan.FromSeconds(30)), $"the decode budget still holds {DecodeBudget.Shared.Held:N0} bytes");
    }

    [Fact]
    public void Mutated_hash_lists_are_read_or_refused_with_a_typed_error()
    {
        MutationCampaign.Outcome outcome = MutationCampaign.Run("lists", _ => 200, text: true, length => (24L << 20) + (400L * length));
        Report(outcome);
        Assert.True(outcome.Mutants >= 3_000);
    }

    [Fact]
    public void Mutated_index_files_are_loaded_or_refused_with_a_typed_error()
    {
        MutationCampaign.Outcome outcome = MutationCampaign.Run("index", _ => 150, text: false, length => (48L << 20) + (200L * length));
        Report(outcome);
        Assert.True(outcome.Mutants >= 600);
    }

    [Fact]
    public void Mutated_pixel_buffers_hash_consistently()
    {
        // Pixels are never bad input: nothing may be thrown, and the original hash must agree across entry points and
        // with a half-turned copy's Rotate180 variant (PixelTarget). Up to 1024 × 1024 pixels of 4 bytes, turned once.
        MutationCampaign.Outcome outcome = MutationCampaign.Run("pixels", _ => 40, text: false, length => 96L << 20);
        Report(outcome);
        Assert.True(outcome.Mutants >= 200);
    }

    [Fact]
    public void Mutated_local_signals_are_read_or_refused_with_a_typed_error()
    {
        // The stored form of the experimental local-feature signal (LocalSignalTarget): each mutant as given and with
        // its checksum recomputed; an accepted one writes back byte for byte and can be indexed and queried.
        MutationCampaign.Outcome outcome = MutationCampaign.Run("local", _ => 150, text: false, length => 16L << 20);
        Report(outcome);
        Assert.True(outcome.Mutants >= 1_000);
    }

    private static bool IsLarge(byte[] seed)
    {
        try
        {
            return Hashing.ImageHasher.Default.HashEncoded(seed).Width > 512;
        }
        catch (HashMatchException)
        {
            return false;
        }
    }

    private static void Report(MutationCampaign.Outcome outcome) =>
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{outcome.Mutants:N0} mutants; slowest {outcome.Slowest.TotalMilliseconds:N0} ms ({outcome.SlowestInput}); most allocated by one input {outcome.MostAllocated:N0} bytes");
}
