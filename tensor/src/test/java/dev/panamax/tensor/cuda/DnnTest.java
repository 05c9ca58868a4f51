package dev.panamax.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.CudaException;
import dev.panamax.bindings.CudaLibrary;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.backend.Availability;
import dev.panamax.tensor.backend.Backends;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.UnaryOp;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend's cuDNN use ({@link Dnn}): which calls cuDNN serves, that its results agree with the
 * CPU backend over varied strides (the layouts cuDNN receives as descriptor strides), which calls
 * it declines to the kernels, and the handles' lifetime.
 */
class DnnTest {

    static final Device CUDA = Device.cuda(0);
    static CudaBackend backend;

    @BeforeAll
    static void cudnnIsAvailable() {
        Availability a = Backends.cudaAvailability();
        Skips.unless(a.available(), "CUDA unavailable: " + a.reason());
        backend = (CudaBackend) Backends.of(CUDA);
        Skips.unless(backend.dnn().available(), backend.describe());
    }

    /** Runs f on the CPU and on cuda:0, checks agreement, and returns how many calls cuDNN served. */
    static long served(Function<Tensor, Tensor> f, Tensor input) {
        Tensor expected = f.apply(input);
        Tensor onDevice = input.to(CUDA);
        long before = backend.dnn().calls();
        Tensor actual = f.apply(onDevice);
        long calls = backend.dnn().calls() - before;
        CudaBackendTest.assertSame(expected, actual.to(Device.CPU), java.util.Arrays.toString(input.shape()) + " " + input.dtype());
        return calls;
    }

    /** Inputs with NaN, infinities and signed zeros among normal values. */
    static Tensor input(DType t, int... shape) {
        Tensor x = Tensor.randn(Generator.numpy(5), DType.FLOAT64, shape).mul(3);
        double[] v = x.toDoubleArray();
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 40, -40};
        for (int i = 0; i < special.length && i * 7 < v.length; i++) {
            v[i * 7] = special[i];
        }
        return Tensor.of(v).reshape(shape).to(t);
    }

    @Test
    void activationsRunOnCudnnOverStridedLayouts() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (UnaryOp op : new UnaryOp[] {UnaryOp.SIGMOID, UnaryOp.RELU, UnaryOp.TANH}) {
                Function<Tensor, Tensor> f = switch (op) {
                    case SIGMOID -> Tensor::sigmoid;
                    case RELU -> Tensor::relu;
                    default -> Tensor::tanh;
                };
                String ctx = op + " " + t;
                assertEquals(1, served(f, input(t, 5, 7)), ctx + " contiguous");
                assertEquals(1, served(x -> f.apply(x.t()), input(t, 5, 7)), ctx + " transposed");
                assertEquals(1, served(x -> f.apply(x.permute(2, 0, 1)), input(t, 3, 4, 5)), ctx + " permuted");
                assertEquals(1, served(x -> f.apply(x.narrow(1, 1, 3).slice(0, 2, 5)), input(t, 6, 5)), ctx + " narrowed");
                assertEquals(1, served(f, input(t)), ctx + " 0-d");
                assertEquals(1, served(x -> f.apply(x.reshape(2, 1, 3, 1, 2)), input(t, 12)), ctx + " size-1 dims");
            }
        }
    }

    @Test
    void activationsCudnnCannotDescribeRunAsKernels() {
        // A broadcast operand (stride 0), int64 data, an op cuDNN has no activation for.
        assertEquals(0, served(x -> x.unsqueeze(0).expand(4, 6).sigmoid(), input(DType.FLOAT32, 6)));
        assertEquals(0, served(Tensor::relu, Tensor.of(new long[] {-3, 0, 5})));
        assertEquals(0, served(Tensor::exp, input(DType.FLOAT32, 4)));
    }

    @Test
    void reductionsRunOnCudnnWhereItsSemanticsMatch() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = input(t, 4, 5, 6);
            assertEquals(1, served(Tensor::max, x), t + " max");
            assertEquals(1, served(Tensor::min, x), t + " min");
            assertEquals(1, served(a -> a.transpose(0, 2).min(), x), t + " min transposed");
            assertEquals(1, served(a -> a.narrow(2, 1, 4).max(), x), t + " max narrowed");
            assertEquals(1, served(a -> a.permute(1, 2, 0).select(2, 1).max(), x), t + " max selected");
        }
        Tensor d = Tensor.randn(Generator.numpy(3), DType.FLOAT64, 6, 7, 8);
        assertEquals(1, served(Tensor::sum, d));
        assertEquals(1, served(a -> a.sum(new int[] {0, 2}, false), d));
        assertEquals(1, served(a -> a.permute(2, 0, 1).sum(1, true), d));
        assertEquals(1, served(a -> a.t().sum(-1, false), Tensor.randn(Generator.numpy(4), DType.FLOAT64, 5, 9)));
    }

    @Test
    void nanWinsInCudnnMaxAndMin() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, -2, 5, 4}, 2, 3);
        assertEquals(1, served(Tensor::max, x));
        assertEquals(1, served(Tensor::min, x));
        assertEquals(1, served(a -> a.select(0, 1).max(), x));
        assertTrue(Double.isNaN(x.to(CUDA).max().item()));
        assertTrue(Double.isNaN(x.to(CUDA).t().min().item()));
        assertEquals(5, x.to(CUDA).select(0, 1).max().item());
    }

    @Test
    void reductionsWithOtherSemanticsRunAsKernels() {
        // float32 sums accumulate in double on the kernels (and the CPU); max/min with indices report the first extreme.
        assertEquals(0, served(Tensor::sum, input(DType.FLOAT32, 4, 5)));
        assertEquals(0, served(a -> a.max(1, false).values(), input(DType.FLOAT64, 4, 5)));
        assertEquals(0, served(a -> a.argmax(), input(DType.FLOAT32, 4, 5)));
        assertEquals(0, served(Tensor::max, Tensor.of(new long[] {3, -1, 7})));
        assertEquals(0, served(a -> a.sum(0, false), Tensor.zeros(DType.FLOAT64, 0, 3)));
        // A broadcast input (stride 0 on a kept dimension).
        assertEquals(0, served(a -> a.unsqueeze(0).expand(3, 4).sum(1, false), input(DType.FLOAT64, 4)));
    }

    @Test
    void softmaxRunsOnCudnnOverStridedLayouts() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean log : new boolean[] {false, true}) {
                String ctx = (log ? "logSoftmax " : "softmax ") + t;
                Function<Tensor, Function<Integer, Tensor>> sm = x -> d -> log ? x.logSoftmax(d) : x.softmax(d);
                Tensor x = input(t, 3, 4, 5);
                for (int d = 0; d < 3; d++) {
                    int dim = d;
                    assertEquals(1, served(a -> sm.apply(a).apply(dim), x), ctx + " contiguous dim " + d);
                    // Permuted, the dims before the last do not merge into one: the kernels run that one.
                    assertEquals(d < 2 ? 1 : 0, served(a -> sm.apply(a.permute(2, 0, 1)).apply(dim), x),
                            ctx + " permuted dim " + d);
                }
                assertEquals(1, served(a -> sm.apply(a.t()).apply(1), input(t, 5, 7)), ctx + " transposed");
                assertEquals(1, served(a -> sm.apply(a.narrow(1, 1, 3).slice(0, 2, 5)).apply(0), input(t, 6, 5)),
                        ctx + " narrowed");
                assertEquals(1, served(a -> sm.apply(a.reshape(2, 1, 3, 1, 2)).apply(2), input(t, 12)), ctx + " size-1 dims");
                assertEquals(1, served(a -> sm.apply(a).apply(0), input(t)), ctx + " 0-d");
                assertEquals(1, served(a -> sm.apply(a).apply(0), input(t, 9)), ctx + " 1-d");
                // Two inner dims that do not merge fill the descriptor's H and W.
                assertEquals(1, served(a -> sm.apply(a.narrow(2, 0, 3)).apply(0), input(t, 2, 4, 5)), ctx + " H and W");
                // Backward: softmaxBackward with a transposed gradient.
                Tensor g = input(t, 5, 7);
                Tensor y = input(t, 7, 5).softmax(1);
                Function<Tensor, Tensor> bw = a -> log ? Tensor.logSoftmaxBackward(a.t(), y.to(a.device()), 1)
                        : Tensor.softmaxBackward(a.t(), y.to(a.device()), 1);
                assertEquals(1, served(bw, g), ctx + " backward");
            }
        }
    }

    @Test
    void softmaxCudnnCannotDescribeRunsAsKernels() {
        Tensor y = Tensor.randn(Generator.numpy(6), DType.FLOAT32, 4, 6).softmax(1);
        // A broadcast gradient (stride 0), and outer dimensions that do not merge into one.
        assertEquals(0, served(g -> Tensor.softmaxBackward(g.unsqueeze(0).expand(4, 6), y.to(g.device()), 1),
                input(DType.FLOAT32, 6)));
        assertEquals(0, served(g -> Tensor.logSoftmaxBackward(g.unsqueeze(1).expand(4, 6), y.to(g.device()), 0),
                input(DType.FLOAT32, 4)));
        assertEquals(0, served(a -> a.narrow(1, 0, 3).softmax(2), input(DType.FLOAT64, 4, 5, 6)));
        assertEquals(0, served(a -> a.narrow(1, 0, 3).logSoftmax(2), input(DType.FLOAT32, 4, 5, 6)));
        // The kernels' long rows (a block per row, more elements than threads), strided.
        assertEquals(0, served(a -> a.narrow(1, 0, 3).softmax(2), input(DType.FLOAT32, 3, 4, 700)));
        assertEquals(0, served(a -> a.narrow(2, 0, 3).permute(1, 2, 0).logSoftmax(2), input(DType.FLOAT64, 700, 3, 4)));
    }

    @Test
    void anUnavailableCudnnDeclinesAndSaysSo() {
        Dnn off = new Dnn(backend.cudaDevice(), null, "cuDNN unavailable: test reason");
        assertFalse(off.available());
        assertEquals("cuDNN unavailable: test reason; activations, softmax and reductions by NVRTC kernels", off.describe());
        CudaStorage s = backend.temporary(DType.FLOAT32, 4);
        try {
            Layout l = Layout.contiguous(new int[] {4});
            assertFalse(off.unary(UnaryOp.SIGMOID, s, l, s, l));
        } finally {
            s.release();
        }
        assertTrue(Backends.describe(CUDA).contains("by cuDNN 9."), Backends.describe(CUDA));
    }

    @Test
    void handlesAreDestroyedAfterTheirThreadEnds() throws Exception {
        Tensor a = Tensor.randn(Generator.numpy(1), DType.FLOAT32, 8, 8).to(CUDA);
        a.sigmoid().matmul(a).toDoubleArray(); // this thread's handles exist
        int before = backend.liveHandles();
        Thread worker = new Thread(() -> a.sigmoid().matmul(a).toDoubleArray());
        worker.start();
        worker.join();
        assertEquals(before + 2, backend.liveHandles(), "the worker's cuBLAS and cuDNN handles");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (backend.liveHandles() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(before, backend.liveHandles(), "handles of the ended thread were not destroyed");
    }

    @Test
    void onlyNotSupportedStatusesDecline() {
        assertTrue(Dnn.declines(new CudaException(CudaLibrary.CUDNN, 3000, "CUDNN_STATUS_NOT_SUPPORTED", "", "x", "")));
        assertTrue(Dnn.declines(new CudaException(CudaLibrary.CUDNN, 3004, "CUDNN_STATUS_NOT_SUPPORTED_LAYOUT", "", "x",
                "")));
        assertFalse(Dnn.declines(new CudaException(CudaLibrary.CUDNN, 2000, "CUDNN_STATUS_BAD_PARAM", "", "x", "")));
        assertFalse(Dnn.declines(new CudaException(CudaLibrary.CUDNN, 4000, "CUDNN_STATUS_INTERNAL_ERROR", "", "x", "")));
        assertFalse(Dnn.declines(new CudaException(CudaLibrary.CUBLAS, 3000, "?", "", "x", "")));
    }
}
