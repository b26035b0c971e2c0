using System.Text.Json.Serialization;
using HashMatch.Server.Api.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace HashMatch.Server;

/// <summary>
/// Every JSON body the API reads and writes, source-generated; names in snake_case like the CLI's JSON lines
/// (<c>entry_id</c>, <c>query_variant</c>).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateBankRequest))]
[JsonSerializable(typeof(UpdateBankRequest))]
[JsonSerializable(typeof(BankResponse))]
[JsonSerializable(typeof(BankListResponse))]
[JsonSerializable(typeof(AddEntriesRequest))]
[JsonSerializable(typeof(RemoveEntriesRequest))]
[JsonSerializable(typeof(AddVideosRequest))]
[JsonSerializable(typeof(ChangeResponse))]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(LookupHash))]
[JsonSerializable(typeof(HashesJson))]
[JsonSerializable(typeof(IReadOnlyList<CandidateJson>))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(MatchResponse))]
[JsonSerializable(typeof(HashResponse))]
[JsonSerializable(typeof(IndexResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(DecisionResponse))]
[JsonSerializable(typeof(DecisionListResponse))]
[JsonSerializable(typeof(ReviewRequest))]
[JsonSerializable(typeof(ReviewResponse))]
[JsonSerializable(typeof(ComplaintRequest))]
[JsonSerializable(typeof(ComplaintOutcomeRequest))]
[JsonSerializable(typeof(ComplaintResponse))]
[JsonSerializable(typeof(List<ErrorReportRowJson>))]
[JsonSerializable(typeof(IReadOnlyList<ErrorReportRowJson>))]
[JsonSerializable(typeof(List<ThresholdRowJson>))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(QuarantineListResponse))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(KeyListResponse))]
[JsonSerializable(typeof(KeyJson))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(EntrySearchResponse))]
[JsonSerializable(typeof(CreateExchangeRequest))]
[JsonSerializable(typeof(UpdateExchangeRequest))]
[JsonSerializable(typeof(ExchangeResponse))]
[JsonSerializable(typeof(ExchangeListResponse))]
internal sealed partial class ServerJson : JsonSerializerContext;
