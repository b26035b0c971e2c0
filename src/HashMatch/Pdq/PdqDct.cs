using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HashMatch.Pdq;

/// <summary>
/// Step 4 of PDQ: the 64×64 → 16×16 partial DCT <c>B = D·A·Dᵀ</c> (reference: <c>dct64To16</c>).
/// </summary>
/// <remarks>
/// <para>
/// <c>D</c> is the 16×64 DCT-II matrix without its DC row:
/// <c>D[i][j] = sqrt(2/64) · cos(π/128 · (i + 1) · (2j + 1))</c>, the scale factor rounded to float first, the cosine in
/// double, the product rounded to float, exactly as the reference builds <c>dct_matrix_64</c>.
/// </para>
/// <para>
/// Each output is a single-precision sum over k = 0..63 in order. The SIMD code vectorizes across the output column
/// (independent sums), never across k, and multiplies then adds (no fused multiply-add), so every lane rounds as
/// the reference's scalar loop does.
/// </para>
/// </remarks>
internal static class PdqDct
{
    /// <summary>Side of the DCT output block.</summary>
    internal const int Size = 16;

    private const int InSize = PdqDecimation.Size;

    /// <summary>D, 16 rows × 64 columns.</summary>
    private static readonly float[] Matrix = BuildMatrix();

    /// <summary>Dᵀ, 64 rows × 16 columns, so the second product can vectorize across output columns.</summary>
    private static readonly float[] MatrixTransposed = Transpose(Matrix);

    private static float[] BuildMatrix()
    {
        var matrix = new float[Size * InSize];
        float scale = (float)Math.Sqrt(2.0 / InSize);
        for (int i = 0; i < Size; i++)
        {
            for (int j = 0; j < InSize; j++)
            {
                matrix[(i * InSize) + j] = (float)(scale * Math.Cos(Math.PI / 2 / InSize * (i + 1) * ((2 * j) + 1)));
            }
        }

        return matrix;
    }

    private static float[] Transpose(float[] matrix)
    {
        var transposed = new float[matrix.Length];
        for (int i = 0; i < Size; i++)
        {
            for (int j = 0; j < InSize; j++)
            {
                transposed[(j * Size) + i] = matrix[(i * InSize) + j];
            }
        }

        return transposed;
    }

    /// <summary>Computes the 16×16 block from the 64×64 block; <paramref name="temp"/> holds 16×64 floats.</summary>
    internal static void Transform(ReadOnlySpan<float> block64, Span<float> temp, Span<float> block16)
    {
        if (block64.Length < InSize * InSize || temp.Length < Size * InSize || block16.Length < Size * Size)
        {
            throw new ArgumentException("DCT buffers are too small.");
        }

        // T = D·A: T[i][j] = Σk D[i][k]·A[k][j]; then B = T·Dᵀ: B[i][j] = Σk T[i][k]·D[j][k].
        MultiplyRows(Matrix, block64, temp, Size, InSize);
        MultiplyRows(temp, MatrixTransposed, block16, Size, Size);
    }

    /// <summary>
    /// <c>C = A·B</c> where A is rows×64, B is 64×columns, C is rows×columns, each sum taken over k in order.
    /// </summary>
    private static void MultiplyRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int rows, int columns)
    {
        int lanes = Vector<float>.Count;
        ref float bBase = ref MemoryMarshal.GetReference(b);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * InSize, InSize);
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; j + lanes <= columns; j += lanes)
                {
                    Vector<float> sum = Vector<float>.Zero;
                    for (int k = 0; k < InSize; k++)
                    {
                        var bk = Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref bBase, (k * columns) + j)));
                        sum += new Vector<float>(aRow[k]) * bk;
                    }

                    sum.CopyTo(c.Slice((i * columns) + j, lanes));
                }
            }

            for (; j < columns; j++)
            {
                float sum = 0;
                for (int k = 0; k < InSize; k++)
                {
                    sum += aRow[k] * b[(k * columns) + j];
                }

                c[(i * columns) + j] = sum;
            }
        }
    }
}
