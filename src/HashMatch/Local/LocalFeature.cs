namespace HashMatch.Local;

/// <summary>
/// One feature as a signal stores it: the 64-bit projection of its descriptor and coarse geometry — a cell of the
/// <see cref="GridCells"/>-wide grid over the picture's long side, the pyramid level and the orientation bin.
/// </summary>
/// <param name="Descriptor">The 64-bit projection of the 256-bit oriented BRIEF descriptor (<see cref="OrientedBrief.Project"/>).</param>
/// <param name="GridX">Column of the grid cell (0..127).</param>
/// <param name="GridY">Row of the grid cell (0..127).</param>
/// <param name="Level">Pyramid level (0..3).</param>
/// <param name="Angle">Orientation bin (0..31, of 11.25°).</param>
internal readonly record struct LocalFeature(ulong Descriptor, byte GridX, byte GridY, byte Level, byte Angle)
{
    /// <summary>Grid cells along the long side: 4 pixels of the 512-pixel base level each.</summary>
    public const int GridCells = 128;

    /// <summary>The cell's centre in grid units.</summary>
    public float CentreX => GridX + 0.5f;

    /// <summary>The cell's centre in grid units.</summary>
    public float CentreY => GridY + 0.5f;
}
