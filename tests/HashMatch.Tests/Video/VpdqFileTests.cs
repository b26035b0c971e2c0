using HashMatch.Video;

namespace HashMatch.Tests.Video;

[Trait("Cost", "Integration")]
public sealed class VpdqFileTests
{
    [Fact]
    public void Every_reference_file_reads_and_writes_back_byte_identical()
    {
        foreach (string clip in VideoReference.Clips)
        {
            string path = VideoReference.ReferenceVpdqPath(clip);
            IReadOnlyList<VpdqFrameHash> frames = VpdqFile.Read(path);
            var writer = new StringWriter();
            VpdqFile.Write(writer, frames);
            Assert.Equal(File.ReadAllText(path), writer.ToString());
        }
    }

    [Theory]
    [InlineData("0,100,e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c", "line 2: expected")]
    [InlineData("x,100,e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c,0.033", "line 2: the frame number")]
    [InlineData("1,101,e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c,0.033", "line 2: the quality")]
    [InlineData("1,100,e27101783724,0.033", "line 2: the hash")]
    [InlineData("1,100,e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c,soon", "line 2: the timestamp")]
    public void A_malformed_line_is_reported_with_its_number(string badLine, string expected)
    {
        string text = "0,100,e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c,0.000\n" + badLine + "\n";
        var error = Assert.Throws<HashMatchException>(() => VpdqFile.Read(new StringReader(text), "list.txt"));
        Assert.Equal(HashMatchErrorReason.Malformed, error.Reason);
        Assert.Contains(expected, error.Detail);
    }

    [Fact]
    public void An_empty_file_is_refused_as_the_reference_refuses_it()
    {
        var error = Assert.Throws<HashMatchException>(() => VpdqFile.Read(new StringReader("\n\n"), "empty.txt"));
        Assert.Equal(HashMatchErrorReason.Empty, error.Reason);
    }
}
