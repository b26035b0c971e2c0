using HashMatch.IO;
using HashMatch.Tests.Support;

namespace HashMatch.Tests.IO;

/// <summary>Atomic writes: no litter, no half files, links kept, devices never replaced (issue 12, items 6–7).</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hashmatch-atomic").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string In(string name) => Path.Combine(_folder, name);

    [Fact]
    public void A_failed_or_cancelled_write_leaves_the_old_file_and_no_temporary()
    {
        File.WriteAllText(In("out.txt"), "old");
        Assert.Throws<OperationCanceledException>(() => AtomicFile.Write(In("out.txt"), stream =>
        {
            stream.Write(new byte[100_000]);
            throw new OperationCanceledException();
        }));
        Assert.Equal("old", File.ReadAllText(In("out.txt")));
        Assert.Equal([In("out.txt")], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Writing_through_a_symbolic_link_replaces_its_target_and_keeps_the_link()
    {
        File.WriteAllText(In("v1.hmidx"), "one");
        File.CreateSymbolicLink(In("current.hmidx"), "v1.hmidx");
        AtomicFile.WriteAllText(In("current.hmidx"), "two");
        Assert.NotNull(new FileInfo(In("current.hmidx")).LinkTarget);
        Assert.Equal("two", File.ReadAllText(In("v1.hmidx")));
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
    }

    [Fact]
    public void Named_pipes_devices_and_folders_are_never_replaced()
    {
        PosixFiles.MakeFifo(In("pipe"));
        Directory.CreateDirectory(In("folder"));
        File.CreateSymbolicLink(In("null"), "/dev/null"); // through a link, so a failure here cannot touch /dev itself
        foreach (string target in new[] { In("pipe"), In("folder"), In("null") })
        {
            var error = Assert.Throws<HashMatchException>(() => AtomicFile.WriteAllText(target, "x"));
            Assert.Equal(HashMatchErrorReason.WriteFailed, error.Reason);
        }

        Assert.True(File.Exists("/dev/null") && new FileInfo("/dev/null").Length == 0);
        Assert.Equal(2, Directory.GetFileSystemEntries(_folder).Count(e => !e.EndsWith("folder", StringComparison.Ordinal)));
    }

    [Fact]
    public void Temporaries_of_killed_processes_are_removed_by_the_next_write()
    {
        // A process killed with SIGKILL cannot clean up; the next write of the same target does.
        int deadPid = Enumerable.Range(3_000_000, 1000).First(pid => !File.Exists($"/proc/{pid}/status"));
        string stale = In($".out.hmidx.{deadPid}.0123456789abcdef.tmp");
        string live = In($".out.hmidx.{Environment.ProcessId}.fedcba9876543210.tmp");
        string other = In($".other.hmidx.{deadPid}.0123456789abcdef.tmp");
        File.WriteAllText(stale, "litter");
        File.WriteAllText(live, "in use");
        File.WriteAllText(other, "another target's");
        AtomicFile.WriteAllText(In("out.hmidx"), "new");
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live) && File.Exists(other));
    }
}
