namespace HashMatch.Matching;

/// <summary>What a list's hits mean.</summary>
public enum ListRole
{
    /// <summary>Entries are known material: a hit is a match.</summary>
    Known,

    /// <summary>
    /// Entries are known-good files or confirmed false positives (an NSRL set, a service's "never flag this again" list):
    /// a query that hits one is not reported as a match by any list.
    /// </summary>
    Exclusion,
}
