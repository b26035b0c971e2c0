namespace HashMatch.Server.Storage;

/// <summary>
/// The bank store's schema is newer than this binary understands: a newer <c>hashmatch</c> upgraded it. Nothing was
/// changed; run the newer binary (or restore the store from before the upgrade).
/// </summary>
public sealed class StoreVersionException : Exception
{
    /// <summary>Creates the error for <paramref name="store"/> at <paramref name="storedVersion"/>, above <paramref name="supportedVersion"/>.</summary>
    public StoreVersionException(string store, long storedVersion, int supportedVersion)
        : base($"{store}: the bank store's schema is version {storedVersion}, newer than this hashmatch understands (up to version {supportedVersion}); " +
               "a newer hashmatch upgraded it, so run that one")
    {
        Store = store;
        StoredVersion = storedVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The store (kind and location, never a password).</summary>
    public string Store { get; }

    /// <summary>The schema version recorded in the store.</summary>
    public long StoredVersion { get; }

    /// <summary>The newest schema version this binary knows.</summary>
    public int SupportedVersion { get; }
}
