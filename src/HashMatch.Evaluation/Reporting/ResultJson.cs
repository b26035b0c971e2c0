using System.Text.Json;
using System.Text.Json.Serialization;

namespace HashMatch.Evaluation;

/// <summary>
/// <c>result.json</c>'s serializer, generated at compile time (no reflection, so the native executable writes the same
/// file): camel-case names, indented, NaN and infinities as named literals, modes in kebab case ("all-variants").
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(KebabCaseEnumConverter<MatchingMode>)])]
[JsonSerializable(typeof(EvaluationResult))]
internal sealed partial class ResultJson : JsonSerializerContext;

/// <summary>An enum as its kebab-case name: the attribute form of <c>new JsonStringEnumConverter&lt;T&gt;(KebabCaseLower)</c>.</summary>
internal sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower)
    where TEnum : struct, Enum;
