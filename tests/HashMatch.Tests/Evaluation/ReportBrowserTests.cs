using System.Text.Json.Nodes;
using HashMatch.Cli;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.Evaluation;

/// <summary>
/// The evaluation report as a person sees it: a small run's <c>index.html</c> opened from <c>file://</c> in a real
/// headless Chromium. Fails on a broken image, an empty table, a console error or a failed load, and when
/// Chromium is missing (CI installs Debian's <c>chromium</c>; this test is not skipped).
/// </summary>
[Trait("Cost", "Integration")]
public sealed class ReportBrowserTests
{
    // Every image loaded with a size, every table present with rows, and sorting a column reorders its rows.
    private const string Check = """
        (() => {
          const images = [...document.images];
          const broken = images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute("src"));
          const tables = [...document.querySelectorAll("table")].map(t => ({ id: t.id, rows: t.tBodies[0] ? t.tBodies[0].rows.length : 0, cells: t.querySelectorAll("tbody td").length }));
          const fnr = document.getElementById("fnr-table");
          const header = [...fnr.tHead.rows[0].cells].findIndex(c => c.textContent === "copies");
          fnr.tHead.rows[0].cells[header].click();
          const copies = [...fnr.tBodies[0].rows].map(r => Number(r.cells[header].getAttribute("data-v")));
          const sorted = copies.every((v, k) => k === 0 || copies[k - 1] <= v);
          fnr.tHead.rows[0].cells[header].click();
          const descending = [...fnr.tBodies[0].rows].map(r => Number(r.cells[header].getAttribute("data-v")));
          return {
            plots: images.filter(i => !i.getAttribute("src").startsWith("pairs/")).length,
            thumbnails: [...new Set(images.map(i => i.getAttribute("src")).filter(s => s.startsWith("pairs/")))].length,
            broken,
            tables,
            sorted,
            reversed: descending.every((v, k) => k === 0 || descending[k - 1] >= v),
            pre: document.querySelectorAll("pre").length,
            title: document.title,
          };
        })()
        """;

    [Fact]
    public async Task The_report_renders_in_headless_chromium_without_broken_images_empty_tables_or_console_errors()
    {
        string binary = HeadlessChromium.Find()
            ?? throw new Xunit.Sdk.XunitException("chromium not found: install Debian's chromium (apt-get install -y chromium) or set HASHMATCH_CHROMIUM; the report's browser test cannot run without it.");
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string folder = Directory.CreateTempSubdirectory("hashmatch-report-browser").FullName;
        try
        {
            string report = Path.Combine(folder, "report");
            int code = await CliApplication.RunAsync(["eval", "--originals", "60", "--per-original", "4", "--out", report, "--quiet"], new StringWriter(), new StringWriter(), cancel);
            Assert.Equal(ExitCodes.Success, code);

            await using HeadlessChromium browser = await HeadlessChromium.StartAsync(binary, cancel);
            await browser.OpenAsync(new Uri(Path.Combine(report, "index.html")).AbsoluteUri, cancel);
            JsonNode page = (await browser.EvaluateAsync(Check, cancel))!;

            Assert.Empty(browser.Errors);
            Assert.Empty(page["broken"]!.AsArray());
            Assert.StartsWith("HashMatch evaluation", (string?)page["title"]);
            Assert.Equal(0, (int)page["pre"]!);

            // ROC, histogram and one recall panel per transform kind (a default run applies every kind); every
            // thumbnail of the close pairs shown.
            Assert.Equal(2 + Enum.GetValues<HashMatch.Evaluation.TransformKind>().Length, (int)page["plots"]!);
            int thumbnails = Directory.Exists(Path.Combine(report, "pairs")) ? Directory.GetFiles(Path.Combine(report, "pairs")).Length : 0;
            Assert.Equal(thumbnails, (int)page["thumbnails"]!);

            var tables = page["tables"]!.AsArray().ToDictionary(t => (string)t!["id"]!, t => (int)t!["rows"]!);
            Assert.Equal(["fnr-table", "fpr-table", "quality-table", "family-table"], tables.Keys.Where(k => k != "close-table"));
            Assert.All(page["tables"]!.AsArray(), t => Assert.True((int)t!["cells"]! > 0, $"table {t["id"]} is empty"));
            Assert.Equal(18, tables["fpr-table"]); // 6 thresholds × plain, all query variants and list-side crops
            Assert.True((bool)page["sorted"]!, "clicking a header did not sort ascending");
            Assert.True((bool)page["reversed"]!, "clicking it again did not sort descending");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
