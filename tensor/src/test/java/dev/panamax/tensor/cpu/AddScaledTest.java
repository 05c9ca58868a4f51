package dev.panamax.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code Tensor.add_(other, alpha)} on large dense tensors (one pass, split over the threads, with
 * a scalar tail) against each element worked out in Java's own float and double arithmetic: the
 * product rounded, then the sum; and the views that must take the two-op path.
 */
class AddScaledTest {

    private static final int N = 3 * (1 << 15) + 1001;

    @Test
    void float32MatchesRoundedProductThenSum() {
        Tensor a = Tensor.randn(Generator.philox(1), DType.FLOAT32, N);
        Tensor b = Tensor.randn(Generator.philox(2), DType.FLOAT32, N);
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double alpha = -0.1;
        a.add_(b, alpha);
        float[] got = a.toFloatArray();
        float s = (float) alpha;
        for (int i = 0; i < N; i++) {
            float want = x[i] + y[i] * s;
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i]), "element " + i);
        }
    }

    @Test
    void float64MatchesRoundedProductThenSum() {
        Tensor a = Tensor.randn(Generator.philox(3), DType.FLOAT64, 7, N / 7);
        Tensor b = Tensor.randn(Generator.philox(4), DType.FLOAT64, 7, N / 7);
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double alpha = 0.3;
        a.add_(b, alpha);
        double[] got = a.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(x[i] + y[i] * alpha), Double.doubleToRawLongBits(got[i]),
                    "element " + i);
        }
    }

    @Test
    void sameTensorAsOperand() {
        Tensor a = Tensor.randn(Generator.philox(5), DType.FLOAT32, N);
        float[] x = a.toFloatArray();
        a.add_(a, 3);
        float[] got = a.toFloatArray();
        for (int i = 0; i < N; i++) {
            assertEquals(x[i] + x[i] * 3f, got[i], 0f, "element " + i);
        }
    }

    /** An operand overlapping the output at another offset is read whole before any write. */
    @Test
    void overlappingViewReadsTheOldValues() {
        Tensor t = Tensor.randn(Generator.philox(6), DType.FLOAT32, N + 1);
        float[] x = t.toFloatArray();
        Tensor out = t.slice(0, 1, N + 1);
        out.add_(t.slice(0, 0, N), 2);
        float[] got = t.toFloatArray();
        assertEquals(x[0], got[0], 0f);
        for (int i = 0; i < N; i++) {
            assertEquals(x[i + 1] + x[i] * 2f, got[i + 1], 0f, "element " + (i + 1));
        }
    }

    @Test
    void transposedAndBroadcastOperands() {
        int r = 300;
        int c = 400;
        Tensor a = Tensor.randn(Generator.philox(7), DType.FLOAT32, r, c);
        Tensor bt = Tensor.randn(Generator.philox(8), DType.FLOAT32, c, r);
        Tensor row = Tensor.randn(Generator.philox(9), DType.FLOAT32, c);
        float[] x = a.toFloatArray();
        float[] y = bt.toFloatArray();
        float[] w = row.toFloatArray();
        a.add_(bt.transpose(0, 1), 0.5).add_(row, -2);
        float[] got = a.toFloatArray();
        float[] want = new float[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                float v = x[i * c + j] + y[j * r + i] * 0.5f;
                want[i * c + j] = v + w[j] * -2f;
            }
        }
        assertArrayEquals(want, got, 0f);
    }
}
