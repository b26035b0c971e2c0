using System.Data.Common;

namespace HashMatch.Server.Storage;

/// <summary>
/// Video entries (<c>hm_videos</c>, <see cref="VideoColumns"/>): added under one sequence number with an add change,
/// as image entries are, so the change log replicas follow carries them; removal by id and bank deletion remove them
/// with the image entries (SqlBankStore.cs).
/// </summary>
internal abstract partial class SqlBankStore
{
    public (long Sequence, long Count) AddVideos(long bankId, IReadOnlyList<VideoEntry> videos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(videos);
        using DbConnection connection = Open();
        using DbTransaction transaction = BeginWrite(connection);
        if (!BankExists(connection, transaction, bankId))
        {
            throw new KeyNotFoundException($"bank {bankId} was deleted");
        }

        if (videos.Count == 0)
        {
            return (ReadHead(connection, transaction), 0);
        }

        long sequence = NextSequence(connection, transaction);
        string parameters = string.Join(", ", Enumerable.Range(0, VideoColumns.Count).Select(i => $"@v{i}"));
        using DbCommand insert = Command(connection, transaction, $"INSERT INTO hm_videos (bank_id, seq, {VideoColumns.Names}) VALUES (@b, @s, {parameters})",
            [("b", bankId), ("s", sequence), .. Enumerable.Range(0, VideoColumns.Count).Select(i => ($"v{i}", (object?)null))]);
        foreach (VideoEntry video in videos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            object?[] values = VideoColumns.Write(video);
            for (int i = 0; i < values.Length; i++)
            {
                insert.Parameters[2 + i].Value = values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        InsertChange(connection, transaction, sequence, bankId, ChangeKind.Add, null, videos.Count);
        transaction.Commit();
        return (sequence, videos.Count);
    }

    /// <summary>Whether bank <paramref name="bankId"/> holds any video entry.</summary>
    private static bool HasVideos(DbConnection connection, DbTransaction transaction, long bankId)
    {
        using DbCommand command = Command(connection, transaction, "SELECT 1 FROM hm_videos WHERE bank_id = @b LIMIT 1", ("b", bankId));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The bank's video entries with id <paramref name="entryId"/> and sequence ≤ <paramref name="upTo"/>, in the order they were added.</summary>
    private static List<VideoEntry> ReadVideosWithId(DbConnection connection, DbTransaction transaction, long bankId, string entryId, long upTo)
    {
        using DbCommand command = Command(connection, transaction,
            $"SELECT {VideoColumns.Names} FROM hm_videos WHERE bank_id = @b AND entry_id = @e AND seq <= @u ORDER BY seq, id", ("b", bankId), ("e", entryId), ("u", upTo));
        using DbDataReader row = command.ExecuteReader();
        var videos = new List<VideoEntry>();
        while (row.Read())
        {
            videos.Add(VideoColumns.Read(row));
        }

        return videos;
    }

    /// <summary>The bank's video entries with <paramref name="after"/> &lt; sequence ≤ <paramref name="upTo"/>, in the order they were added.</summary>
    private static IEnumerable<VideoEntry> ReadVideos(DbConnection connection, DbTransaction transaction, long bankId, long after, long upTo)
    {
        using DbCommand command = Command(connection, transaction,
            $"SELECT {VideoColumns.Names} FROM hm_videos WHERE bank_id = @b AND seq > @a AND seq <= @u ORDER BY seq, id", ("b", bankId), ("a", after), ("u", upTo));
        command.CommandTimeout = 0;
        using DbDataReader row = command.ExecuteReader();
        while (row.Read())
        {
            yield return VideoColumns.Read(row);
        }
    }
}
