using System.Globalization;
using System.Security.Cryptography;
using HashMatch.IO;

namespace HashMatch.Exchanges;

/// <summary>
/// A list file, or a folder whose list files together are the list (ids then start with the file's name and a
/// slash), read again whenever it changed. The checkpoint keeps each file's size, time and SHA-256: an unchanged
/// folder costs a directory listing, a changed one a full read, delivered as one <see cref="ExchangePage.FullList"/>
/// page (ids no longer in the files are withdrawn).
/// </summary>
internal sealed class ListFileExchange(ExchangeSettings settings) : IHashExchange
{
    private readonly string _path = settings.Path!;

    public string Name => $"file:{_path}";

    public Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default) =>
        Task.Run(() => Fetch(checkpoint, cancellationToken), cancellationToken);

    private ExchangePage Fetch(string? text, CancellationToken cancellationToken)
    {
        Checkpoint? last = ExchangeCheckpoints.Read(Name, text, ExchangeJson.Default.ListFileCheckpoint);
        bool folder = Directory.Exists(_path);
        string[] files;
        try
        {
            files = folder
                ? [.. new DirectoryInfo(_path).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).Select(f => f.FullName).Order(StringComparer.Ordinal)]
                : File.Exists(_path) ? [_path] : throw new FileNotFoundException("no such file or folder");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, e.Message, e);
        }

        string[] stamps = [.. files.Select(Stamp)];
        if (last is not null && last.Stamps.SequenceEqual(stamps, StringComparer.Ordinal))
        {
            return new ExchangePage([], text!, hasMore: false);
        }

        var snapshot = new ListSnapshot();
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetFileName(file);
            digest.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            using FileStream stream = InputFile.OpenRead(file);
            using var hashed = new CryptoStream(stream, new DigestTransform(digest), CryptoStreamMode.Read);
            snapshot.Read(hashed, file, settings.ListFormat, folder ? name + "/" : "");
        }

        string sha256 = Convert.ToHexStringLower(digest.GetHashAndReset());
        var next = new Checkpoint(stamps, sha256);
        string written = ExchangeCheckpoints.Write(next, ExchangeJson.Default.ListFileCheckpoint);
        // Touched but not changed (a copy over itself): the new stamps, no changes.
        return last?.Sha256 == sha256 ? new ExchangePage([], written, hasMore: false) : snapshot.Page(written);
    }

    private static string Stamp(string file)
    {
        var info = new FileInfo(file);
        return string.Create(CultureInfo.InvariantCulture, $"{info.Name}:{info.Length}:{info.LastWriteTimeUtc.Ticks}");
    }

    /// <summary>Each file's name, size and time, and the SHA-256 of the names and contents read last.</summary>
    internal sealed record Checkpoint(IReadOnlyList<string> Stamps, string Sha256);

    /// <summary>Feeds the bytes a <see cref="CryptoStream"/> reads into an <see cref="IncrementalHash"/> and passes them on unchanged.</summary>
    private sealed class DigestTransform(IncrementalHash digest) : ICryptoTransform
    {
        public bool CanReuseTransform => true;

        public bool CanTransformMultipleBlocks => true;

        public int InputBlockSize => 1;

        public int OutputBlockSize => 1;

        public int TransformBlock(byte[] inputBuffer, int inputOffset, int inputCount, byte[] outputBuffer, int outputOffset)
        {
            digest.AppendData(inputBuffer, inputOffset, inputCount);
            Buffer.BlockCopy(inputBuffer, inputOffset, outputBuffer, outputOffset, inputCount);
            return inputCount;
        }

        public byte[] TransformFinalBlock(byte[] inputBuffer, int inputOffset, int inputCount)
        {
            digest.AppendData(inputBuffer, inputOffset, inputCount);
            return inputBuffer.AsSpan(inputOffset, inputCount).ToArray();
        }

        public void Dispose()
        {
        }
    }
}
