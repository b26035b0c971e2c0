namespace HashMatch.Fuzz.Targets;

/// <summary>The library accepted or rejected an input in a way its contract does not allow: a finding.</summary>
public sealed class ContractViolation(string message, Exception? inner = null) : Exception(message, inner);
