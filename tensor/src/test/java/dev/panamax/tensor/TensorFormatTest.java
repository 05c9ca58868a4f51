package dev.panamax.tensor;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code toString} against the text PyTorch 2.13 prints for the same tensors ({@code repr(t)}), with one
 * deliberate difference: the dtype suffix reads {@code dtype=float64} rather than {@code dtype=torch.float64}
 * (PyTorch's 80-column rule for placing suffixes is applied to that shorter text). The expected strings
 * are printed by {@code tensor/src/test/python/make_format_fixtures.py}.
 *
 * <p>Covered: the integer ({@code 1.}), fixed ({@code 1.0000}) and scientific ({@code 1.0000e+00}) modes and
 * the thresholds between them (ratio 1000, 1e8, 1e-4), widths taken from non-zero finite values, nan/inf,
 * negative zero, half-even rounding of exact binary values, int64 and bool, 0-d, empty tensors with their
 * size and dtype suffixes, line wrapping at 80 columns, and elision beyond 1000 elements.
 */
class TensorFormatTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("floatIntegers", (Supplier<Tensor>) () -> Tensor.of(new float[] {1, 2, 3}), """
                    tensor([1., 2., 3.])"""),
                Arguments.of("float64Row", (Supplier<Tensor>) () -> Tensor.of(new double[][] {{1.0, 2.5}}), """
                    tensor([[1.0000, 2.5000]], dtype=float64)"""),
                Arguments.of("negativePadding", (Supplier<Tensor>) () -> Tensor.of(new float[] {-1, 2}), """
                    tensor([-1.,  2.])"""),
                Arguments.of("fixedPoint", (Supplier<Tensor>) () -> Tensor.of(new float[] {0.1f, 0.25f, 10.5f}), """
                    tensor([ 0.1000,  0.2500, 10.5000])"""),
                Arguments.of("int64", (Supplier<Tensor>) () -> Tensor.of(new long[] {1, -20, 3}), """
                    tensor([  1, -20,   3])"""),
                Arguments.of("bool", (Supplier<Tensor>) () -> Tensor.of(new boolean[] {true, false}), """
                    tensor([ True, False])"""),
                Arguments.of("scalarFloat", (Supplier<Tensor>) () -> Tensor.scalar(3.5), """
                    tensor(3.5000)"""),
                Arguments.of("scalarInt64", (Supplier<Tensor>) () -> Tensor.scalar(7, DType.INT64), """
                    tensor(7)"""),
                Arguments.of("scalarFloat64", (Supplier<Tensor>) () -> Tensor.scalar(2, DType.FLOAT64), """
                    tensor(2., dtype=float64)"""),
                Arguments.of("scalarNan", (Supplier<Tensor>) () -> Tensor.scalar(Double.NaN), """
                    tensor(nan)"""),
                Arguments.of("scalarBool", (Supplier<Tensor>) () -> Tensor.scalar(1, DType.BOOL), """
                    tensor(True)"""),
                Arguments.of("scalarNegativeZero", (Supplier<Tensor>) () -> Tensor.scalar(-0.0), """
                    tensor(-0.)"""),
                Arguments.of("empty1d", (Supplier<Tensor>) () -> Tensor.zeros(0), """
                    tensor([])"""),
                Arguments.of("empty2d", (Supplier<Tensor>) () -> Tensor.zeros(0, 3), """
                    tensor([], size=(0, 3))"""),
                Arguments.of("emptyInt64", (Supplier<Tensor>) () -> Tensor.zeros(DType.INT64, 0), """
                    tensor([], dtype=int64)"""),
                Arguments.of("emptyFloat64", (Supplier<Tensor>) () -> Tensor.zeros(DType.FLOAT64, 2, 0), """
                    tensor([], size=(2, 0), dtype=float64)"""),
                Arguments.of("emptyBool", (Supplier<Tensor>) () -> Tensor.zeros(DType.BOOL, 0, 2), """
                    tensor([], size=(0, 2), dtype=bool)"""),
                Arguments.of("sciSmall", (Supplier<Tensor>) () -> Tensor.of(new float[] {1e-5f, 1}), """
                    tensor([1.0000e-05, 1.0000e+00])"""),
                Arguments.of("sciRatio", (Supplier<Tensor>) () -> Tensor.of(new float[] {1, 10000.5f}), """
                    tensor([1.0000e+00, 1.0000e+04])"""),
                Arguments.of("sciBig", (Supplier<Tensor>) () -> Tensor.of(new float[] {1e8f, 1}), """
                    tensor([1.0000e+08, 1.0000e+00])"""),
                Arguments.of("integral1e8", (Supplier<Tensor>) () -> Tensor.of(new float[] {1e8f}), """
                    tensor([100000000.])"""),
                Arguments.of("ratioExactly1000", (Supplier<Tensor>) () -> Tensor.of(new float[] {0.5f, 500}), """
                    tensor([  0.5000, 500.0000])"""),
                Arguments.of("integralRatioAbove1000", (Supplier<Tensor>) () -> Tensor.of(new float[] {1, 2000}), """
                    tensor([1.0000e+00, 2.0000e+03])"""),
                Arguments.of("nanFixed", (Supplier<Tensor>) () -> Tensor.of(new float[] {Float.NaN, 1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}), """
                    tensor([   nan, 1.5000,    inf,   -inf])"""),
                Arguments.of("nanIntegral", (Supplier<Tensor>) () -> Tensor.of(new float[] {Float.NaN, 1, Float.POSITIVE_INFINITY}), """
                    tensor([nan, 1., inf])"""),
                Arguments.of("zeros", (Supplier<Tensor>) () -> Tensor.zeros(3), """
                    tensor([0., 0., 0.])"""),
                Arguments.of("negativeZero", (Supplier<Tensor>) () -> Tensor.of(new float[] {-0.0f, 1.5f}), """
                    tensor([-0.0000, 1.5000])"""),
                Arguments.of("halfEvenScientific", (Supplier<Tensor>) () -> Tensor.of(new double[] {0.03125, 0.00015, 1.03125}), """
                    tensor([3.1250e-02, 1.5000e-04, 1.0312e+00], dtype=float64)"""),
                Arguments.of("halfEvenScientificSmall", (Supplier<Tensor>) () -> Tensor.of(new double[] {1.03125e-5, 1.0}), """
                    tensor([1.0312e-05, 1.0000e+00], dtype=float64)"""),
                Arguments.of("halfEvenFixed", (Supplier<Tensor>) () -> Tensor.of(new double[] {0.03125, 1.03125}), """
                    tensor([0.0312, 1.0312], dtype=float64)"""),
                Arguments.of("exactBinaryValueRounding", (Supplier<Tensor>) () -> Tensor.of(new double[] {0.00015, 0.1}), """
                    tensor([0.0001, 0.1000], dtype=float64)"""),
                Arguments.of("scientificNegative", (Supplier<Tensor>) () -> Tensor.of(new float[] {-1e9f, 3}), """
                    tensor([-1.0000e+09,  3.0000e+00])"""),
                Arguments.of("matrix", (Supplier<Tensor>) () -> Tensor.of(new float[][] {{1, 2}, {3, 4}}), """
                    tensor([[1., 2.],
                            [3., 4.]])"""),
                Arguments.of("threeDims", (Supplier<Tensor>) () -> Tensor.arange(0, 8, 1, DType.FLOAT32).reshape(2, 2, 2), """
                    tensor([[[0., 1.],
                             [2., 3.]],

                            [[4., 5.],
                             [6., 7.]]])"""),
                Arguments.of("transposedView", (Supplier<Tensor>) () -> Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(2, 3).t(), """
                    tensor([[0., 3.],
                            [1., 4.],
                            [2., 5.]])"""),
                Arguments.of("wrappedRow", (Supplier<Tensor>) () -> Tensor.arange(0, 30, 1, DType.FLOAT32), """
                    tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,
                            14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,
                            28., 29.])"""),
                Arguments.of("wrappedFloat64", (Supplier<Tensor>) () -> Tensor.arange(0, 12, 1, DType.FLOAT64).div(3), """
                    tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,
                            3.0000, 3.3333, 3.6667], dtype=float64)"""),
                Arguments.of("wrappedMatrix", (Supplier<Tensor>) () -> Tensor.arange(40).reshape(2, 20).mul(1000), """
                    tensor([[    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,  9000,
                             10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000, 18000, 19000],
                            [20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000,
                             30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000]])"""),
                Arguments.of("suffixOnItsOwnLine", (Supplier<Tensor>) () -> Tensor.arange(0, 24, 1, DType.FLOAT64).add(0.5), """
                    tensor([ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,
                             8.5000,  9.5000, 10.5000, 11.5000, 12.5000, 13.5000, 14.5000, 15.5000,
                            16.5000, 17.5000, 18.5000, 19.5000, 20.5000, 21.5000, 22.5000, 23.5000],
                           dtype=float64)"""),
                Arguments.of("suffixOnTheLastLine", (Supplier<Tensor>) () -> Tensor.arange(0, 14, 1, DType.FLOAT64).add(0.5), """
                    tensor([ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,
                             8.5000,  9.5000, 10.5000, 11.5000, 12.5000, 13.5000], dtype=float64)"""),
                Arguments.of("elided1d", (Supplier<Tensor>) () -> Tensor.arange(2000), """
                    tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"""),
                Arguments.of("elided2d", (Supplier<Tensor>) () -> Tensor.arange(0, 2000, 1, DType.FLOAT32).reshape(40, 50), """
                    tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,
                             4.9000e+01],
                            [5.0000e+01, 5.1000e+01, 5.2000e+01,  ..., 9.7000e+01, 9.8000e+01,
                             9.9000e+01],
                            [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.4700e+02, 1.4800e+02,
                             1.4900e+02],
                            ...,
                            [1.8500e+03, 1.8510e+03, 1.8520e+03,  ..., 1.8970e+03, 1.8980e+03,
                             1.8990e+03],
                            [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9470e+03, 1.9480e+03,
                             1.9490e+03],
                            [1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,
                             1.9990e+03]])"""),
                Arguments.of("elided3d", (Supplier<Tensor>) () -> Tensor.arange(1200).reshape(10, 10, 12), """
                    tensor([[[   0,    1,    2,  ...,    9,   10,   11],
                             [  12,   13,   14,  ...,   21,   22,   23],
                             [  24,   25,   26,  ...,   33,   34,   35],
                             ...,
                             [  84,   85,   86,  ...,   93,   94,   95],
                             [  96,   97,   98,  ...,  105,  106,  107],
                             [ 108,  109,  110,  ...,  117,  118,  119]],

                            [[ 120,  121,  122,  ...,  129,  130,  131],
                             [ 132,  133,  134,  ...,  141,  142,  143],
                             [ 144,  145,  146,  ...,  153,  154,  155],
                             ...,
                             [ 204,  205,  206,  ...,  213,  214,  215],
                             [ 216,  217,  218,  ...,  225,  226,  227],
                             [ 228,  229,  230,  ...,  237,  238,  239]],

                            [[ 240,  241,  242,  ...,  249,  250,  251],
                             [ 252,  253,  254,  ...,  261,  262,  263],
                             [ 264,  265,  266,  ...,  273,  274,  275],
                             ...,
                             [ 324,  325,  326,  ...,  333,  334,  335],
                             [ 336,  337,  338,  ...,  345,  346,  347],
                             [ 348,  349,  350,  ...,  357,  358,  359]],

                            ...,

                            [[ 840,  841,  842,  ...,  849,  850,  851],
                             [ 852,  853,  854,  ...,  861,  862,  863],
                             [ 864,  865,  866,  ...,  873,  874,  875],
                             ...,
                             [ 924,  925,  926,  ...,  933,  934,  935],
                             [ 936,  937,  938,  ...,  945,  946,  947],
                             [ 948,  949,  950,  ...,  957,  958,  959]],

                            [[ 960,  961,  962,  ...,  969,  970,  971],
                             [ 972,  973,  974,  ...,  981,  982,  983],
                             [ 984,  985,  986,  ...,  993,  994,  995],
                             ...,
                             [1044, 1045, 1046,  ..., 1053, 1054, 1055],
                             [1056, 1057, 1058,  ..., 1065, 1066, 1067],
                             [1068, 1069, 1070,  ..., 1077, 1078, 1079]],

                            [[1080, 1081, 1082,  ..., 1089, 1090, 1091],
                             [1092, 1093, 1094,  ..., 1101, 1102, 1103],
                             [1104, 1105, 1106,  ..., 1113, 1114, 1115],
                             ...,
                             [1164, 1165, 1166,  ..., 1173, 1174, 1175],
                             [1176, 1177, 1178,  ..., 1185, 1186, 1187],
                             [1188, 1189, 1190,  ..., 1197, 1198, 1199]]])"""),
                Arguments.of("elidedBool", (Supplier<Tensor>) () -> Tensor.arange(1001).sub(Tensor.arange(1001).div(3).to(DType.INT64).mul(3)).eq(0), """
                    tensor([ True, False, False,  ..., False,  True, False])"""),
                Arguments.of("elidedFloat64", (Supplier<Tensor>) () -> Tensor.linspace(0, 1, 1001, DType.FLOAT64), """
                    tensor([0.0000, 0.0010, 0.0020,  ..., 0.9980, 0.9990, 1.0000], dtype=float64)"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsLikePyTorch(String name, Supplier<Tensor> tensor, String expected) {
        assertEquals(expected, tensor.get().toString(), name);
    }

    @Test
    void elidesOnlyAboveAThousandElements() {
        assertFalse(Tensor.arange(1000).toString().contains("..."));
        assertTrue(Tensor.arange(1001).toString().contains("  ..., "));
    }

    @Test
    void viewsPrintTheirOwnElements() {
        Tensor base = Tensor.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);
        assertEquals("tensor([1., 5., 9.])", base.select(1, 1).toString());
        assertEquals("tensor([[ 6.,  7.],\n        [10., 11.]])", base.narrow(0, 1, 2).narrow(1, 2, 2).toString());
    }

    @Test
    void releasedTensorsPrintWithoutTouchingMemory() {
        Tensor t = Tensor.zeros(DType.INT64, 2, 3);
        t.close();
        assertEquals("tensor(<released> shape=[2, 3], dtype=int64)", t.toString());
    }
}
