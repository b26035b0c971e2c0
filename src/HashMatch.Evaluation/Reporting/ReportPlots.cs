using ScottPlot;

namespace HashMatch.Evaluation;

/// <summary>The report's plots (ROC, distance histogram, recall panels), drawn with ScottPlot and saved atomically as PNG and SVG.</summary>
internal static class ReportPlots
{
    /// <summary>Size of the ROC and histogram plots.</summary>
    public const int Width = 900, Height = 560;
    private const string FontName = "HashMatchPlotFont";

    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/noto/NotoSans-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        @"C:\Windows\Fonts\arial.ttf",
    ];

    /// <summary>
    /// A TrueType font for the plots' labels. Skia's NoDependencies build has no fontconfig, so ScottPlot finds no
    /// system typeface by name and would draw every label empty; the font file is loaded by path instead:
    /// <c>HASHMATCH_PLOT_FONT</c>, else the first of a few common locations (DejaVu, Liberation, Noto, Arial).
    /// </summary>
    public static string? FontPath { get; } = FindFont();

    private static string? FindFont()
    {
        string? configured = Environment.GetEnvironmentVariable("HASHMATCH_PLOT_FONT");
        string? path = !string.IsNullOrEmpty(configured) && File.Exists(configured) ? configured : FontCandidates.FirstOrDefault(File.Exists);
        if (path is not null)
        {
            Fonts.AddFontFile(FontName, path, false, false);
            Fonts.Default = FontName;
        }

        return path;
    }

    /// <summary>Size of one recall panel, and panels per row in the combined recall figure.</summary>
    public const int PanelWidth = 440, PanelHeight = 310, PanelColumns = 4;

    /// <summary>File of the recall panel of a transform kind (lower-case name).</summary>
    public static string PanelFile(string kind) => $"recall-{kind}.svg";

    /// <summary>
    /// Writes <c>roc</c> and <c>histogram</c> (PNG and SVG), one SVG recall panel per transform kind, and all panels
    /// in one figure, <c>recall</c> (PNG and SVG), and when the run measured local features <c>roc-local</c> (PNG and
    /// SVG); returns the files written.
    /// </summary>
    public static IEnumerable<string> Write(EvaluationResult result, string folder)
    {
        // Text plottables take the default font when they are created, so the font is registered (FontPath's
        // initializer) before any plot is drawn; Plot.Font.Set at saving time reaches only titles, axes and legends.
        _ = FontPath;
        var files = new List<string>();
        files.AddRange(Save(RocPlot.Draw(result), folder, "roc", Width, Height, png: true));
        files.AddRange(Save(HistogramPlot.Draw(result), folder, "histogram", Width, Height, png: true));
        var panels = RecallPlots.Draw(result).ToList();
        foreach (var (kind, plot) in panels)
        {
            files.AddRange(Save(plot, folder, Path.GetFileNameWithoutExtension(PanelFile(kind)), PanelWidth, PanelHeight, png: false));
        }

        files.AddRange(SaveAll([.. panels.Select(p => p.Plot)], folder, "recall"));
        if (result.Local is { } local)
        {
            files.AddRange(Save(LocalRocPlot.Draw(result, local), folder, "roc-local", Width, Height, png: true));
        }

        return files;
    }

    private static void UseFont(Plot plot)
    {
        if (FontPath is not null)
        {
            plot.Font.Set(FontName); // every label of this plot, by the name the file was registered under
        }
    }

    private static IEnumerable<string> Save(Plot plot, string folder, string stem, int width, int height, bool png)
    {
        UseFont(plot);
        foreach (string ext in png ? new[] { "png", "svg" } : ["svg"])
        {
            yield return Atomically(folder, stem, ext, temp =>
            {
                if (ext == "png")
                {
                    plot.SavePng(temp, width, height);
                }
                else
                {
                    plot.SaveSvg(temp, width, height);
                }
            });
        }
    }

    /// <summary>The panels in a grid of <see cref="PanelColumns"/> columns, as PNG and SVG (ScottPlot's Multiplot drawn on Skia's SVG canvas).</summary>
    private static IEnumerable<string> SaveAll(Plot[] panels, string folder, string stem)
    {
        if (panels.Length == 0)
        {
            yield break;
        }

        // Made with the first panel: Multiplot() starts with an empty plot of its own, which took the grid's first
        // cell (every panel one cell later) and, when the panels filled whole rows, a cell the grid did not have.
        foreach (Plot panel in panels)
        {
            UseFont(panel);
        }

        var grid = new Multiplot(panels[0]);
        foreach (Plot panel in panels.Skip(1))
        {
            grid.AddPlot(panel);
        }

        int rows = (panels.Length + PanelColumns - 1) / PanelColumns;
        int width = PanelWidth * Math.Min(PanelColumns, panels.Length), height = PanelHeight * rows;
        grid.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, Math.Min(PanelColumns, panels.Length));
        yield return Atomically(folder, stem, "png", temp => grid.SavePng(temp, width, height));
        yield return Atomically(folder, stem, "svg", temp =>
        {
            using (FileStream stream = File.Create(temp))
            using (SkiaSharp.SKCanvas canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, width, height), stream))
            {
                canvas.Clear(SkiaSharp.SKColors.White);
                grid.Render(canvas, new PixelRect(0, width, height, 0));
            }
        });
    }

    private static string Atomically(string folder, string stem, string ext, Action<string> write)
    {
        string path = Path.Combine(folder, $"{stem}.{ext}");
        string temp = Path.Combine(folder, $".{stem}.{Environment.ProcessId}.tmp.{ext}");
        write(temp);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
