using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using HashMatch.Lists;

namespace HashMatch.Exchanges;

/// <summary>
/// NCMEC's hash-sharing API (v2, XML over HTTPS, HTTP Basic authentication with the member's user and password):
/// <c>GET {environment}/v2/entries?from=&amp;to=</c> lists the entries changed in a time window, 1,000 a page, the
/// next page's path in <c>&lt;paging&gt;&lt;next&gt;</c>; removed entries come as <c>&lt;deletedImage&gt;</c> and
/// <c>&lt;deletedVideo&gt;</c>. Entries inside a window are not in time order, so the window's start only moves on
/// once its last page is applied; in between, the checkpoint keeps the next page's path (NCMEC's paging links are
/// valid for one window and a limited time: one older than <see cref="PagingLifetime"/>, or one the API refuses,
/// starts its window again — applying a page twice changes nothing). Windows shrink when one holds more than
/// <see cref="MaxWindowEntries"/> entries and grow when they hold few, so a first fetch of years of history
/// proceeds in pieces each of which completes. Ids are <c>{member id}-{entry id}</c>, as NCMEC's ids are unique per
/// member; the classification is the entry's category.
/// </summary>
internal sealed class NcmecExchange : IHashExchange
{
    /// <summary>How long a stored paging link is used (python-threatexchange's NCMEC client also stops at 12 h).</summary>
    public static readonly TimeSpan PagingLifetime = TimeSpan.FromHours(12);

    /// <summary>Entries a window may hold before it is cut into four (a window's pages must all be fetched while its paging links live).</summary>
    public const int MaxWindowEntries = 100_000;

    /// <summary>Entries per page as NCMEC serves them; a window holding fewer than two pages doubles the next one.</summary>
    private const int PageEntries = 1000;

    /// <summary>How far behind the clock a window ends, so an entry being written as the window closes is in the next one.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>NCMEC's environments and their addresses (production, and the test hosts as <c>test_*</c>).</summary>
    public static readonly IReadOnlyDictionary<string, Uri> Environments = new Dictionary<string, Uri>(StringComparer.Ordinal)
    {
        ["industry"] = new("https://report.cybertip.org/hashsharing"),
        ["industry_exploitative"] = new("https://report.cybertip.org/exploitative-hashsharing"),
        ["law_enforcement"] = new("https://lesp.ncmec.org/csam-hashsharing"),
        ["ngo"] = new("https://hashsharing.ncmec.org/npo"),
        ["exploitative"] = new("https://hashsharing.ncmec.org/exploitative"),
        ["generative_ai"] = new("https://hashsharing.ncmec.org/generative-ai-csam"),
        ["generative_ai_exploitative"] = new("https://hashsharing.ncmec.org/generative-ai-exploitative"),
        ["test_industry"] = new("https://exttest.cybertip.org/hashsharing"),
        ["test_industry_exploitative"] = new("https://exttest.cybertip.org/exploitative-hashsharing"),
        ["test_law_enforcement"] = new("https://betalesp.ncmec.org/csam-hashsharing"),
        ["test_ngo"] = new("https://hashsharing-test.ncmec.org/npo"),
        ["test_exploitative"] = new("https://hashsharing-test.ncmec.org/exploitative"),
        ["test_generative_ai"] = new("https://hashsharing-test.ncmec.org/generative-ai-csam"),
        ["test_generative_ai_exploitative"] = new("https://hashsharing-test.ncmec.org/generative-ai-exploitative"),
    };

    private readonly ExchangeSettings _settings;
    private readonly ExchangeHttp _http;
    private readonly TimeProvider _clock;
    private readonly string _base;

    public NcmecExchange(ExchangeSettings settings, HttpClient http, Func<TimeSpan, CancellationToken, Task>? wait, TimeProvider clock)
    {
        _settings = settings;
        _clock = clock;
        Name = $"ncmec:{settings.Environment}";
        _http = new ExchangeHttp(http, Name, wait);
        _base = (settings.BaseUrl ?? Environments[settings.Environment!]).ToString().TrimEnd('/');
    }

    public string Name { get; }

    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken = default)
    {
        Checkpoint state = ExchangeCheckpoints.Read(Name, checkpoint, ExchangeJson.Default.NcmecCheckpoint)
            ?? new Checkpoint(_settings.Since ?? DateTimeOffset.UnixEpoch, null, null, null, null);
        (string user, string password) = ExchangeSecret.Pair(Name, ExchangeSecret.Read(Name, _settings.Credentials), "the NCMEC user and password");
        DateTimeOffset now = _clock.GetUtcNow();
        DateTimeOffset end = now - Margin;

        if (state is { Next: { } next, To: { } pagingTo, Saved: { } saved } && now - saved < PagingLifetime)
        {
            Page? continued = await GetAsync(_base + next, user, password, cancellationToken);
            if (continued is not null)
            {
                return continued.Next is { } after
                    ? new ExchangePage(continued.Changes, Write(state with { Next = after, Saved = now }), hasMore: true)
                    : new ExchangePage(continued.Changes, Write(new Checkpoint(pagingTo, null, null, null, state.Window)), hasMore: pagingTo < end);
            }

            // The API no longer knows the link: the window starts again below.
        }

        TimeSpan window = state.Window is { } seconds ? TimeSpan.FromSeconds(seconds) : end - state.From;
        DateTimeOffset to = state.From + window < end ? state.From + window : end;
        if (to <= state.From)
        {
            return new ExchangePage([], Write(state with { Next = null, To = null, Saved = null }), hasMore: false);
        }

        string first = $"{_base}/v2/entries?from={Timestamp(state.From)}&to={Timestamp(to)}";
        Page page = await GetAsync(first, user, password, cancellationToken)
            ?? throw new HashMatchException(Name, HashMatchErrorReason.Unreadable, $"GET {_base}/v2/entries refused the window {Timestamp(state.From)} to {Timestamp(to)}");
        if (page.Next is { } more && page.Estimated > MaxWindowEntries && to - state.From > TimeSpan.FromMinutes(1))
        {
            // Too much for one window: nothing of this page is applied; a quarter of the window is tried next.
            double quarter = Math.Max(60, (to - state.From).TotalSeconds / 4);
            return new ExchangePage([], Write(new Checkpoint(state.From, null, null, null, quarter)), hasMore: true);
        }

        double width = (to - state.From).TotalSeconds;
        return page.Next is { } link
            ? new ExchangePage(page.Changes, Write(new Checkpoint(state.From, to, link, now, width)), hasMore: true)
            : new ExchangePage(page.Changes, Write(new Checkpoint(to, null, null, null, Grown(width, page.Changes.Count))), hasMore: to < end);
    }

    /// <summary>The next window's width: doubled after a window that fit in one page.</summary>
    private static double? Grown(double? width, int entries) => width is { } w && entries < 2 * PageEntries ? w * 2 : width;

    private static string Write(Checkpoint checkpoint) => ExchangeCheckpoints.Write(checkpoint, ExchangeJson.Default.NcmecCheckpoint);

    /// <summary>NCMEC's time format (UTC, seconds).</summary>
    private static string Timestamp(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <summary>One page, or null when the API refused a paging link (4xx: expired or from another window).</summary>
    private async Task<Page?> GetAsync(string url, string user, string password, CancellationToken cancellationToken)
    {
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        ExchangeHttp.ExchangeAnswer answer = await _http.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
            return request;
        }, null, answerRefusals: true, cancellationToken);
        return answer.Status is >= HttpStatusCode.BadRequest ? null : Parse(answer.Body, new Uri(url).GetLeftPart(UriPartial.Path));
    }

    private Page Parse(string xml, string where)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Malformed, $"{where}: not XML: {e.Message}", e);
        }

        XElement root = document.Root!;
        if (root.Name.LocalName != "queryResult")
        {
            throw new HashMatchException(Name, HashMatchErrorReason.Malformed, $"{where}: the document is <{root.Name.LocalName}>, not <queryResult>");
        }

        var changes = new List<ExchangeChange>();
        foreach (XElement group in root.Elements().Where(e => e.Name.LocalName is "images" or "videos"))
        {
            bool video = group.Name.LocalName == "videos";
            foreach (XElement item in group.Elements())
            {
                string tag = item.Name.LocalName;
                bool deleted = tag is "deletedImage" or "deletedVideo";
                if (!deleted && tag is not ("image" or "video"))
                {
                    continue;
                }

                string entry = Text(item, "id", where);
                XElement member = Child(item, "member", where);
                string memberId = member.Attribute("id")?.Value is { Length: > 0 } m ? m : throw Malformed(where, $"entry {entry}: <member> has no id");
                string id = $"{memberId}-{entry}";
                if (deleted)
                {
                    changes.Add(ExchangeChange.Removal(id));
                    continue;
                }

                var signals = new ExchangeSignals(Name, where);
                foreach (XElement fingerprint in item.Elements().FirstOrDefault(e => e.Name.LocalName == "fingerprints")?.Elements() ?? [])
                {
                    string value = fingerprint.Value;
                    if (value.Trim().Length == 0)
                    {
                        continue; // a large fingerprint (TMK+PDQF, Videntifier) is a link, not a value
                    }

                    string field = $"entry {id} <{fingerprint.Name.LocalName}>";
                    switch (fingerprint.Name.LocalName.ToLowerInvariant())
                    {
                        case "md5": signals.Exact(ExactHashAlgorithm.Md5, value, field); break;
                        case "sha1": signals.Exact(ExactHashAlgorithm.Sha1, value, field); break;
                        case "sha256": signals.Exact(ExactHashAlgorithm.Sha256, value, field); break;
                        case "pdq": signals.Pdq(value, field); break;
                        case "pdna": signals.PhotoDna(value); break;
                    }
                }

                string? classification = item.Elements().FirstOrDefault(e => e.Name.LocalName == "classification")?.Value is { Length: > 0 } c ? c : null;
                changes.Add(signals.Change(id, new EntryMetadata
                {
                    Category = classification,
                    Tags = video ? [ListEntryBuilder.VideoTag] : [],
                    Source = Name,
                    Note = $"member {memberId}: {member.Value}",
                }));
            }
        }

        string? next = root.Elements().FirstOrDefault(e => e.Name.LocalName == "paging")?.Elements().FirstOrDefault(e => e.Name.LocalName == "next")?.Value;
        if (string.IsNullOrWhiteSpace(next))
        {
            return new Page(changes, null, changes.Count);
        }

        next = next.Trim();
        if (!next.StartsWith("/v2/entries?", StringComparison.Ordinal))
        {
            // The link is appended to the environment's address with the member's password: it may only lead there.
            throw Malformed(where, $"<paging><next> is not a /v2/entries path: {ListEntryBuilder.Clip(next)}");
        }

        var query = System.Web.HttpUtility.ParseQueryString(next[(next.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        long estimated = long.TryParse(query["max"], out long max) && long.TryParse(query["start"], out long start) ? max - start + changes.Count : changes.Count;
        return new Page(changes, next, estimated);
    }

    private XElement Child(XElement item, string name, string where) =>
        item.Elements().FirstOrDefault(e => e.Name.LocalName == name) ?? throw Malformed(where, $"<{item.Name.LocalName}> has no <{name}>");

    private string Text(XElement item, string name, string where) =>
        Child(item, name, where).Value is { Length: > 0 } text ? text.Trim() : throw Malformed(where, $"<{item.Name.LocalName}> has an empty <{name}>");

    private HashMatchException Malformed(string where, string detail) => new(Name, HashMatchErrorReason.Malformed, $"{where}: {detail}");

    /// <summary>A parsed page: its changes, the next page's path and how many entries its window holds by NCMEC's count.</summary>
    private sealed record Page(List<ExchangeChange> Changes, string? Next, long Estimated);

    /// <summary>
    /// Where the fetch stands: the window start (every entry before it is applied), and while a window is being paged
    /// its end, the next page's path and when that path was received; the window width in seconds.
    /// </summary>
    internal sealed record Checkpoint(DateTimeOffset From, DateTimeOffset? To, string? Next, DateTimeOffset? Saved, double? Window);
}
