using System.Buffers.Binary;
using System.IO.Hashing;
using HashMatch.Local;

namespace HashMatch.Fuzz.Targets;

/// <summary>
/// The local-feature signal's stored form (issue 24): <see cref="LocalSignal.Parse"/> on the input as given, and with
/// its trailing XXH3 checksum recomputed, so mutants reach the header's count, sizes and reserved bits and the
/// features' geometry behind the checksum instead of all stopping at "checksum mismatch".
/// </summary>
/// <remarks>
/// Checked besides "only HashMatchException": an accepted signal writes back byte for byte (the form is canonical: a
/// signal read from a database row is the one that was stored), holds at most <see cref="LocalSignal.MaxFeatures"/>
/// features, and can be indexed and queried — against itself, where it finds only itself, with no more inliers than
/// features — whatever its descriptors and geometry hold.
/// </remarks>
public sealed class LocalSignalTarget : FuzzTarget
{
    private const string Name = "fuzz-local-signal";

    /// <inheritdoc/>
    public override void Run(ReadOnlySpan<byte> input)
    {
        Check(input);
        if (input.Length > 8)
        {
            byte[] repaired = input.ToArray();
            BinaryPrimitives.WriteUInt64LittleEndian(repaired.AsSpan(repaired.Length - 8), XxHash3.HashToUInt64(repaired.AsSpan(0, repaired.Length - 8)));
            Check(repaired);
        }
    }

    private static void Check(ReadOnlySpan<byte> input)
    {
        LocalSignal signal;
        try
        {
            signal = LocalSignal.Parse(input, Name);
        }
        catch (HashMatchException e)
        {
            CheckRejection(e, Name);
            return;
        }

        if (signal.FeatureCount > LocalSignal.MaxFeatures)
        {
            throw new ContractViolation($"an accepted signal holds {signal.FeatureCount} features, more than {LocalSignal.MaxFeatures}");
        }

        if (!signal.ToBytes().AsSpan().SequenceEqual(input))
        {
            throw new ContractViolation("an accepted signal does not write back to the same bytes");
        }

        var index = new LocalIndex([signal]);
        foreach (LocalMatch match in index.Query(signal))
        {
            if (match.Id != 0 || match.Inliers > signal.FeatureCount || match.Inliers > match.Votes)
            {
                throw new ContractViolation($"a signal queried against an index of itself gave {match}");
            }
        }
    }
}
