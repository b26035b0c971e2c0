namespace HashMatch;

/// <summary>
/// One entry of a hash list: an id and a PDQ hash, an MD5, or both. <paramref name="Quality"/> is the PDQ quality
/// the list recorded for the hash (0–100), or null when the list does not say (plain hex lists); entries of unknown
/// quality are never rejected by <see cref="MatchListOptions.MinEntryQuality"/>.
/// </summary>
public readonly record struct ListEntry(long Id, PdqHash? Pdq, Md5Hash? Md5 = null, int? Quality = null);
