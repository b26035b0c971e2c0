using HashMatch.Hashing;
using HashMatch.IO;
using HashMatch.Pdq;

namespace HashMatch.Cli.Output;

/// <summary>Writes one record per hashed file in TSV (header + lines, paths escaped) or JSON Lines.</summary>
/// <remarks>With list-side crops, every record gets an <c>id</c> (the path) and each crop follows its original as a
/// record of its own with the same id and an <c>augmented</c> name, no exact hashes, ready to be read as list entries.</remarks>
internal sealed class HashRecordWriter(TextWriter output, OutputFormat format, bool dihedral, bool sha, bool augment)
{
    private readonly JsonLinesWriter _json = new(output);

    public void WriteHeader()
    {
        if (format == OutputFormat.Tsv)
        {
            output.Write(sha ? "path\tmd5\tsha1\tsha256\tpdq\tquality" : "path\tmd5\tpdq\tquality");
            if (dihedral)
            {
                foreach (PdqVariant variant in PdqVariantNames.Turns)
                {
                    output.Write('\t');
                    output.Write(PdqVariantNames.Column(variant));
                }
            }

            output.Write(augment ? "\tid\taugmented\n" : "\n");
        }
    }

    public void Write(string path, ImageHashes hashes)
    {
        if (format == OutputFormat.Tsv)
        {
            output.Write(sha
                ? $"{TextEscaping.Control(path)}\t{hashes.Exact.Md5}\t{hashes.Exact.Sha1}\t{hashes.Exact.Sha256}\t{hashes.Pdq.Hash}\t{hashes.Pdq.Quality}"
                : $"{TextEscaping.Control(path)}\t{hashes.Exact.Md5}\t{hashes.Pdq.Hash}\t{hashes.Pdq.Quality}");
            if (dihedral && hashes.Dihedral is { } all)
            {
                foreach (PdqVariant variant in PdqVariantNames.Turns)
                {
                    output.Write('\t');
                    output.Write(all[variant].ToString());
                }
            }

            if (!augment)
            {
                output.Write('\n');
                return;
            }

            string id = TextEscaping.Control(path);
            output.Write($"\t{id}\t\n");
            foreach (AugmentedHash crop in hashes.Augmented)
            {
                // Same id, no exact hashes (the crop is not the file), the crop's PDQ and quality.
                output.Write(sha
                    ? $"{id}\t\t\t\t{crop.Result.Hash}\t{crop.Result.Quality}"
                    : $"{id}\t\t{crop.Result.Hash}\t{crop.Result.Quality}");
                output.Write(dihedral ? new string('\t', PdqVariantNames.Turns.Count) : "");
                output.Write($"\t{id}\t{crop.Name}\n");
            }

            return;
        }

        _json.WriteObject(json =>
        {
            json.WriteString("path", path);
            json.WriteString("md5", hashes.Exact.Md5.ToString());
            json.WriteString("sha1", hashes.Exact.Sha1.ToString());
            json.WriteString("sha256", hashes.Exact.Sha256.ToString());
            json.WriteString("pdq", hashes.Pdq.Hash.ToString());
            json.WriteNumber("quality", hashes.Pdq.Quality);
            json.WriteNumber("width", hashes.Width);
            json.WriteNumber("height", hashes.Height);
            json.WriteString("format", hashes.EncodedFormat);
            json.WriteNumber("frames", hashes.FrameCount);
            if (hashes.Local is { } local)
            {
                json.WriteBase64String("local", local.ToBytes());
            }

            if (augment)
            {
                json.WriteString("id", path);
            }
            if (dihedral && hashes.Dihedral is { } all)
            {
                foreach (PdqVariant variant in PdqVariantNames.Turns)
                {
                    json.WriteString(PdqVariantNames.Column(variant), all[variant].ToString());
                }
            }
        });
        foreach (AugmentedHash crop in augment ? hashes.Augmented : [])
        {
            _json.WriteObject(json =>
            {
                json.WriteString("path", path);
                json.WriteString("id", path);
                json.WriteString("pdq", crop.Result.Hash.ToString());
                json.WriteNumber("quality", crop.Result.Quality);
                json.WriteString("augmented", crop.Name);
            });
        }
    }
}
