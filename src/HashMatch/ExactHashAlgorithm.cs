namespace HashMatch;

/// <summary>The cryptographic digests HashMatch computes and matches for byte-identical copies.</summary>
public enum ExactHashAlgorithm
{
    /// <summary>MD5 (RFC 1321), 16 bytes: what NCMEC, Project VIC and most hash sets carry.</summary>
    Md5 = 1,

    /// <summary>SHA-1 (FIPS 180-4), 20 bytes: carried beside MD5 by Project VIC, CAID and NSRL sets.</summary>
    Sha1 = 2,

    /// <summary>SHA-256 (FIPS 180-4), 32 bytes.</summary>
    Sha256 = 3,
}
