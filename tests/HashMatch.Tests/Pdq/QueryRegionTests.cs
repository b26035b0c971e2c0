using HashMatch.Pdq;

namespace HashMatch.Tests.Pdq;

/// <summary>A region's rectangle moved between two sizes of one picture, and its text form.</summary>
public sealed class QueryRegionTests
{
    [Fact]
    public void A_rectangle_of_a_smaller_decode_maps_to_the_stored_pixels()
    {
        // A 2160 × 4680 upload decoded at half scale: a picture at (20, 210), 500 × 280 there is at (40, 420), 1000 × 560.
        Assert.Equal(new QueryRegion(40, 420, 1000, 560), new QueryRegion(20, 210, 500, 280).Scaled(1080, 2340, 2160, 4680));
        Assert.Equal(new QueryRegion(3, 4, 5, 6), new QueryRegion(3, 4, 5, 6).Scaled(100, 100, 100, 100));
    }

    [Fact]
    public void A_scaled_rectangle_stays_inside_the_image_and_is_never_empty()
    {
        QueryRegion edge = new QueryRegion(510, 0, 2, 512).Scaled(512, 512, 100, 100);
        Assert.True(edge.X + edge.Width <= 100 && edge.Y + edge.Height <= 100 && edge.Width >= 1 && edge.Height >= 1, edge.ToString());
        QueryRegion tiny = new QueryRegion(10, 10, 1, 1).Scaled(1000, 1000, 10, 10);
        Assert.True(tiny.Width >= 1 && tiny.Height >= 1, tiny.ToString());
    }

    [Fact]
    public void The_text_form_is_x_y_width_height()
    {
        Assert.Equal("40,420,1000,560", new QueryRegion(40, 420, 1000, 560).ToString());
        Assert.Equal("region 40,420,1000,560", QueryVariant.ForRegion(new QueryRegion(40, 420, 1000, 560)).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => QueryVariant.ForRegion(new QueryRegion(0, 0, 0, 10)));
    }
}
