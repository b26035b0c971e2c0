namespace HashMatch.Server.Storage;

/// <summary>What one change of the bank store did (the change log replicas follow).</summary>
internal enum ChangeKind
{
    /// <summary>A bank was created or its settings changed.</summary>
    Bank,

    /// <summary>A bank and its entries were deleted.</summary>
    Drop,

    /// <summary>Entries (image entries, video entries or both) were added to a bank; they carry the change's sequence number.</summary>
    Add,

    /// <summary>Every entry and video entry of a bank with one id was removed.</summary>
    Remove,
}

/// <summary>
/// One row of the change log: a sequence number (one counter for the whole store, assigned under the writers' lock
/// so that commit order and number order agree), the bank, what happened, and for removals the entry id.
/// </summary>
internal sealed record ChangeRecord(long Sequence, long BankId, ChangeKind Kind, string? EntryId, long Count);
