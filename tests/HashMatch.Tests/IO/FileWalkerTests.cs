using System.Diagnostics;
using HashMatch.IO;
using HashMatch.Imaging;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.IO;

/// <summary>The folder walk: ordinal, streamed, and every problem reported (issue 12, items 2–4).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileWalkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hashmatch-walk").FullName;

    public void Dispose()
    {
        foreach (string directory in Directory.EnumerateDirectories(_root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1]);
        return path;
    }

    private static WalkedFile[] Walk(FileWalker walker, params string[] paths) => [.. walker.Walk(paths)];

    [Fact]
    public void Folders_are_walked_depth_first_in_ordinal_order_with_skips_counted()
    {
        Touch("b.png");
        Touch("a/z.jpg");
        Touch("a/B.JPG");
        Touch("C.txt");
        Touch(".hidden.jpg");
        Touch("a/notes");
        var walker = new FileWalker(ImageFileExtensions.Matches);
        WalkedFile[] found = Walk(walker, _root);
        Assert.Equal(["a/B.JPG", "a/z.jpg", "b.png"], found.Select(f => Path.GetRelativePath(_root, f.Path)));
        Assert.All(found, f => Assert.Null(f.Error));
        Assert.Equal(3, walker.Skipped); // C.txt, .hidden.jpg, a/notes
    }

    [Fact]
    public void A_walk_that_names_every_entry_reports_what_it_passes_over_and_can_include_hidden_files()
    {
        Touch("b.png");
        Touch("C.txt");
        Touch(".hidden/thumb.jpg");
        Touch(".profile");
        Directory.CreateDirectory(Path.Combine(_root, "real"));
        Touch("real/x.png");
        File.CreateSymbolicLink(Path.Combine(_root, "link"), Path.Combine(_root, "real"));

        var reporting = new FileWalker(ImageFileExtensions.Matches) { ReportSkipped = true };
        WalkedFile[] walked = Walk(reporting, _root);
        Assert.Equal(
            [(".hidden", "hidden (the name starts with a dot)"), (".profile", "hidden (the name starts with a dot)"), ("C.txt", "not selected by the walk's filter (file name)"),
             ("b.png", null), ("link", $"symbolic link to a directory ({Path.Combine(_root, "real")}), not followed"), ("real/x.png", null)],
            walked.Select(f => (Path.GetRelativePath(_root, f.Path), f.SkipReason)));
        Assert.Equal(4, reporting.Skipped);
        Assert.All(walked, f => Assert.Null(f.Error));

        var everything = new FileWalker(static _ => true) { IncludeHidden = true, ReportSkipped = true };
        Assert.Equal([".hidden/thumb.jpg", ".profile", "C.txt", "b.png", "link", "real/x.png"], Walk(everything, _root).Select(f => Path.GetRelativePath(_root, f.Path)));
        Assert.Equal(1, everything.Skipped); // only the directory link

        // Without ReportSkipped (the default) nothing passed over is returned.
        Assert.All(Walk(new FileWalker(ImageFileExtensions.Matches), _root), f => Assert.Null(f.SkipReason));
    }

    [Fact]
    public void Files_named_directly_are_taken_whatever_their_name_and_missing_ones_are_errors()
    {
        string notes = Touch("notes.txt");
        WalkedFile[] found = Walk(new FileWalker(ImageFileExtensions.Matches), notes, Path.Combine(_root, "missing.jpg"));
        Assert.Null(found[0].Error);
        Assert.Equal(HashMatchErrorReason.Unreadable, found[1].Error!.Reason);
    }

    [Fact]
    public void The_walk_streams_instead_of_listing_everything_first()
    {
        for (int d = 0; d < 50; d++)
        {
            Touch($"d{d:00}/x.jpg");
        }

        using IEnumerator<WalkedFile> walk = new FileWalker(ImageFileExtensions.Matches).Walk([_root]).GetEnumerator();
        Assert.True(walk.MoveNext());
        Directory.Delete(Path.Combine(_root, "d49"), recursive: true); // not listed yet: the walk finds it gone
        var rest = new List<WalkedFile>();
        while (walk.MoveNext())
        {
            rest.Add(walk.Current);
        }

        Assert.Equal(48, rest.Count(f => f.Error is null));
        Assert.Contains("vanished", Assert.Single(rest, f => f.Error is not null).Error!.Message);
    }

    [Fact]
    public void A_symbolic_link_loop_ends_and_is_reported()
    {
        Touch("l/sub/p.jpg");
        Directory.CreateSymbolicLink(Path.Combine(_root, "l", "sub", "up"), "..");
        var stopwatch = Stopwatch.StartNew();

        WalkedFile[] plain = Walk(new FileWalker(ImageFileExtensions.Matches), _root);
        Assert.Single(plain); // the directory link is not entered by default
        WalkedFile[] followed = Walk(new FileWalker(ImageFileExtensions.Matches, followDirectoryLinks: true), _root);
        Assert.Single(followed, f => f.Error is null);
        Assert.Contains("already walked", Assert.Single(followed, f => f.Error is not null).Error!.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Named_pipes_dangling_links_and_devices_are_errors_not_hangs()
    {
        Touch("d/a.jpg");
        PosixFiles.MakeFifo(Path.Combine(_root, "d", "x.jpg"));
        File.CreateSymbolicLink(Path.Combine(_root, "d", "y.jpg"), Path.Combine(_root, "nowhere.jpg"));
        File.CreateSymbolicLink(Path.Combine(_root, "d", "z.jpg"), "/dev/zero");
        WalkedFile[] found = Walk(new FileWalker(ImageFileExtensions.Matches), Path.Combine(_root, "d"));
        Assert.Equal(["a.jpg", "x.jpg", "y.jpg", "z.jpg"], found.Select(f => Path.GetFileName(f.Path)));
        Assert.Null(found[0].Error);
        Assert.Equal(HashMatchErrorReason.NotAFile, found[1].Error!.Reason);
        Assert.Contains("dangling", found[2].Error!.Message);
        Assert.Contains("character device", found[3].Error!.Message);
    }

    [Fact]
    public void An_unreadable_folder_is_an_error()
    {
        Touch("open/a.jpg");
        Touch("closed/b.jpg");
        string closed = Path.Combine(_root, "closed");
        File.SetUnixFileMode(closed, UnixFileMode.None);
        if (Environment.UserName == "root")
        {
            // Root reads any folder; run the walk (through the CLI) as an unprivileged user instead.
            string? cli = typeof(HashMatch.Cli.CliApplication).Assembly.Location;
            File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
            var (code, output) = Unprivileged.Run("dotnet", cli, "hash", "--quiet", _root);
            Assert.Equal(1, code);
            Assert.Contains("cannot list the directory", output);
            Assert.Contains("a.jpg", output);
            return;
        }

        WalkedFile[] found = Walk(new FileWalker(ImageFileExtensions.Matches), _root);
        Assert.Equal(HashMatchErrorReason.Unreadable, Assert.Single(found, f => f.Error is not null).Error!.Reason);
        Assert.Single(found, f => f.Error is null);
    }
}
