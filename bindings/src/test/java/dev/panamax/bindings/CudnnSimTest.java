package dev.panamax.bindings;

import static dev.panamax.bindings.SimSupport.cuda;
import static dev.panamax.bindings.SimSupport.downloadDoubles;
import static dev.panamax.bindings.SimSupport.downloadFloats;
import static dev.panamax.bindings.SimSupport.randomDoubles;
import static dev.panamax.bindings.SimSupport.upload;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cudnn.cudnn_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cuda-sim's cuDNN against plain Java loops over logical (n, c, h, w) indices, with descriptors
 * whose strides are not packed (padded, permuted), so layout handling is checked with the math.
 */
class CudnnSimTest {

    private static final int DOUBLE = cudnn_h.CUDNN_DATA_DOUBLE();
    private static Cudnn dnn;
    private static MemorySegment handle;
    private final Random random = new Random(7);
    private final Arena arena = Arena.ofAuto();

    @BeforeAll
    static void init() {
        SimSupport.requireSim();
        dnn = Cudnn.get();
        handle = dnn.create();
    }

    @AfterAll
    static void destroy() {
        if (handle != null) {
            dnn.destroy(handle);
        }
    }

    @BeforeEach
    void requireSim() {
        SimSupport.requireSim();
    }

    /** A 4-d tensor layout: dims and strides, with the buffer length its span needs. */
    record Layout(int[] dims, int[] strides) {
        int span() {
            int s = 1;
            for (int k = 0; k < 4; k++) {
                s += (dims[k] - 1) * strides[k];
            }
            return s;
        }

        int offset(int n, int c, int h, int w) {
            int[] i = {n, c, h, w};
            int off = 0;
            for (int k = 0; k < 4; k++) {
                off += (dims[k] == 1 ? 0 : i[k]) * strides[k];
            }
            return off;
        }

        int count() {
            return dims[0] * dims[1] * dims[2] * dims[3];
        }
    }

    /** Packed NCHW strides with padding after w, or a permuted (NHWC) order. */
    private Layout layout(int[] dims, boolean permuted) {
        int pad = random.nextInt(3);
        if (permuted) {
            int c = 1;
            int w = dims[1];
            int h = w * dims[3];
            int n = h * dims[2] + pad;
            return new Layout(dims, new int[] {n, c, h, w});
        }
        int w = 1;
        int h = dims[3] + pad;
        int c = h * dims[2];
        int n = c * dims[1];
        return new Layout(dims, new int[] {n, c, h, w});
    }

    private MemorySegment descriptor(Layout l) {
        MemorySegment d = dnn.createTensorDescriptor();
        dnn.setTensorNdDescriptor(d, DOUBLE, l.dims(), l.strides());
        return d;
    }

    private MemorySegment s(double v) {
        return Cudnn.scalar(arena, DOUBLE, v);
    }

    private interface Visitor {
        void visit(int n, int c, int h, int w);
    }

    private static void forEach(int[] dims, Visitor v) {
        for (int n = 0; n < dims[0]; n++) {
            for (int c = 0; c < dims[1]; c++) {
                for (int h = 0; h < dims[2]; h++) {
                    for (int w = 0; w < dims[3]; w++) {
                        v.visit(n, c, h, w);
                    }
                }
            }
        }
    }

    @Test
    void activationsForwardAndBackwardWithBlending() {
        int[] dims = {2, 3, 4, 5};
        int[] modes = {cudnn_h.CUDNN_ACTIVATION_SIGMOID(), cudnn_h.CUDNN_ACTIVATION_RELU(), cudnn_h.CUDNN_ACTIVATION_TANH()};
        DoubleUnaryOperator[] f = {x -> 1 / (1 + Math.exp(-x)), x -> Math.max(0, x), Math::tanh};
        for (int mi = 0; mi < modes.length; mi++) {
            int m = mi;
            Layout lx = layout(dims, false);
            Layout ly = layout(dims, true);
            double[] x = randomDoubles(random, lx.span());
            double[] y = randomDoubles(random, ly.span());
            MemorySegment dx = upload(x);
            MemorySegment dy = upload(y);
            MemorySegment xd = descriptor(lx);
            MemorySegment yd = descriptor(ly);
            MemorySegment act = dnn.createActivationDescriptor();
            dnn.setActivationDescriptor(act, modes[m], cudnn_h.CUDNN_NOT_PROPAGATE_NAN(), 0);
            dnn.activationForward(handle, act, s(2), xd, dx, s(0.5), yd, dy);
            double[] got = downloadDoubles(dy, ly.span());
            DoubleUnaryOperator fn = f[m];
            forEach(dims, (n, c, h, w) -> {
                double expected = 2 * fn.applyAsDouble(x[lx.offset(n, c, h, w)]) + 0.5 * y[ly.offset(n, c, h, w)];
                assertEquals(expected, got[ly.offset(n, c, h, w)], 1e-12, "mode " + m);
            });
            // Backward from y = f(x) (alpha 1, beta 0): dx = dy * f'(x).
            dnn.activationForward(handle, act, s(1), xd, dx, s(0), yd, dy);
            double[] fy = downloadDoubles(dy, ly.span());
            double[] g = randomDoubles(random, ly.span());
            MemorySegment dg = upload(g);
            MemorySegment out = upload(new double[lx.span()]);
            dnn.activationBackward(handle, act, s(1), yd, dy, yd, dg, xd, dx, s(0), xd, out);
            double[] grad = downloadDoubles(out, lx.span());
            int mode = m;
            forEach(dims, (n, c, h, w) -> {
                double xv = x[lx.offset(n, c, h, w)];
                double yv = fy[ly.offset(n, c, h, w)];
                double d = switch (mode) {
                    case 0 -> yv * (1 - yv);
                    case 1 -> xv > 0 ? 1 : 0;
                    default -> 1 - yv * yv;
                };
                assertEquals(g[ly.offset(n, c, h, w)] * d, grad[lx.offset(n, c, h, w)], 1e-12, "backward mode " + mode);
            });
            dnn.destroyActivationDescriptor(act);
            for (MemorySegment seg : new MemorySegment[] {dx, dy, dg, out}) {
                cuda().free(seg);
            }
            dnn.destroyTensorDescriptor(xd);
            dnn.destroyTensorDescriptor(yd);
        }
    }

    @Test
    void softmaxAccurateAndLogOverInstancesAndChannels() {
        int[] dims = {2, 4, 3, 2};
        for (int algo : new int[] {cudnn_h.CUDNN_SOFTMAX_ACCURATE(), cudnn_h.CUDNN_SOFTMAX_LOG()}) {
            for (int mode : new int[] {cudnn_h.CUDNN_SOFTMAX_MODE_INSTANCE(), cudnn_h.CUDNN_SOFTMAX_MODE_CHANNEL()}) {
                Layout lx = layout(dims, mode == cudnn_h.CUDNN_SOFTMAX_MODE_CHANNEL());
                Layout ly = layout(dims, false);
                double[] x = randomDoubles(random, lx.span());
                MemorySegment dx = upload(x);
                MemorySegment dy = upload(new double[ly.span()]);
                MemorySegment xd = descriptor(lx);
                MemorySegment yd = descriptor(ly);
                dnn.softmaxForward(handle, algo, mode, s(1), xd, dx, s(0), yd, dy);
                double[] y = downloadDoubles(dy, ly.span());
                boolean log = algo == cudnn_h.CUDNN_SOFTMAX_LOG();
                boolean instance = mode == cudnn_h.CUDNN_SOFTMAX_MODE_INSTANCE();
                forEach(dims, (n, c, h, w) -> {
                    double sum = 0;
                    for (int c2 = 0; c2 < dims[1]; c2++) {
                        for (int h2 = 0; h2 < dims[2]; h2++) {
                            for (int w2 = 0; w2 < dims[3]; w2++) {
                                if (instance || (h2 == h && w2 == w)) {
                                    sum += Math.exp(x[lx.offset(n, c2, h2, w2)]);
                                }
                            }
                        }
                    }
                    double xv = x[lx.offset(n, c, h, w)];
                    double expected = log ? xv - Math.log(sum) : Math.exp(xv) / sum;
                    assertEquals(expected, y[ly.offset(n, c, h, w)], 1e-12, "algo " + algo + " mode " + mode);
                });
                // Backward: dx = y * (dy - sum(dy * y)) or, for log, dy - exp(y) * sum(dy).
                double[] g = randomDoubles(random, ly.span());
                MemorySegment dg = upload(g);
                MemorySegment out = upload(new double[ly.span()]);
                dnn.softmaxBackward(handle, algo, mode, s(1), yd, dy, yd, dg, s(0), yd, out);
                double[] grad = downloadDoubles(out, ly.span());
                forEach(dims, (n, c, h, w) -> {
                    double dot = 0;
                    for (int c2 = 0; c2 < dims[1]; c2++) {
                        for (int h2 = 0; h2 < dims[2]; h2++) {
                            for (int w2 = 0; w2 < dims[3]; w2++) {
                                if (instance || (h2 == h && w2 == w)) {
                                    int o = ly.offset(n, c2, h2, w2);
                                    dot += log ? g[o] : g[o] * y[o];
                                }
                            }
                        }
                    }
                    int o = ly.offset(n, c, h, w);
                    double expected = log ? g[o] - Math.exp(y[o]) * dot : y[o] * (g[o] - dot);
                    assertEquals(expected, grad[o], 1e-12, "backward algo " + algo + " mode " + mode);
                });
                for (MemorySegment seg : new MemorySegment[] {dx, dy, dg, out}) {
                    cuda().free(seg);
                }
                dnn.destroyTensorDescriptor(xd);
                dnn.destroyTensorDescriptor(yd);
            }
        }
    }

    @Test
    void opTensorAndAddTensorBroadcastSizeOneDimensions() {
        int[] dims = {2, 3, 4, 2};
        int[] bias = {1, 3, 1, 1};
        Layout la = layout(dims, false);
        Layout lb = new Layout(bias, new int[] {3, 1, 1, 1});
        Layout lc = layout(dims, true);
        double[] a = randomDoubles(random, la.span());
        double[] b = randomDoubles(random, lb.span());
        double[] c = randomDoubles(random, lc.span());
        MemorySegment da = upload(a);
        MemorySegment db = upload(b);
        MemorySegment dc = upload(c);
        MemorySegment ad = descriptor(la);
        MemorySegment bd = descriptor(lb);
        MemorySegment cd = descriptor(lc);
        MemorySegment op = dnn.createOpTensorDescriptor();
        dnn.setOpTensorDescriptor(op, cudnn_h.CUDNN_OP_TENSOR_MAX(), DOUBLE, cudnn_h.CUDNN_NOT_PROPAGATE_NAN());
        dnn.opTensor(handle, op, s(1), ad, da, s(-1), bd, db, s(0.5), cd, dc);
        double[] got = downloadDoubles(dc, lc.span());
        forEach(dims, (n, ch, h, w) -> {
            double expected = Math.max(a[la.offset(n, ch, h, w)], -b[ch]) + 0.5 * c[lc.offset(n, ch, h, w)];
            assertEquals(expected, got[lc.offset(n, ch, h, w)], 1e-12);
        });
        // B may broadcast, A may not.
        CudaException e = assertThrows(CudaException.class, () -> dnn.opTensor(handle, op, s(1), bd, db, s(1), ad, da,
                s(0), cd, dc));
        assertEquals("CUDNN_STATUS_BAD_PARAM", e.statusName());
        assertTrue(e.detail().contains("cudnnOpTensor"), e.detail());
        dnn.addTensor(handle, s(2), bd, db, s(1), cd, dc);
        double[] added = downloadDoubles(dc, lc.span());
        forEach(dims, (n, ch, h, w) -> assertEquals(got[lc.offset(n, ch, h, w)] + 2 * b[ch],
                added[lc.offset(n, ch, h, w)], 1e-12));
        dnn.destroyOpTensorDescriptor(op);
        for (MemorySegment seg : new MemorySegment[] {da, db, dc}) {
            cuda().free(seg);
        }
    }

    @Test
    void reduceTensorSumsAveragesAndFindsMaximaWithIndices() {
        int[] dims = {2, 5, 3, 1};
        int[] reduced = {2, 1, 3, 1};
        Layout la = layout(dims, true);
        Layout lc = new Layout(reduced, new int[] {3, 3, 1, 1});
        double[] a = randomDoubles(random, la.span());
        MemorySegment da = upload(a);
        MemorySegment ad = descriptor(la);
        MemorySegment cd = descriptor(lc);
        for (int op : new int[] {cudnn_h.CUDNN_REDUCE_TENSOR_ADD(), cudnn_h.CUDNN_REDUCE_TENSOR_AVG(),
                cudnn_h.CUDNN_REDUCE_TENSOR_MAX(), cudnn_h.CUDNN_REDUCE_TENSOR_MIN()}) {
            boolean indexed = op == cudnn_h.CUDNN_REDUCE_TENSOR_MAX() || op == cudnn_h.CUDNN_REDUCE_TENSOR_MIN();
            MemorySegment reduce = dnn.createReduceTensorDescriptor();
            dnn.setReduceTensorDescriptor(reduce, op, DOUBLE, cudnn_h.CUDNN_NOT_PROPAGATE_NAN(),
                    indexed ? cudnn_h.CUDNN_REDUCE_TENSOR_FLATTENED_INDICES() : cudnn_h.CUDNN_REDUCE_TENSOR_NO_INDICES(),
                    cudnn_h.CUDNN_32BIT_INDICES());
            long workspaceBytes = dnn.reductionWorkspaceSize(handle, reduce, ad, cd);
            long indexBytes = dnn.reductionIndicesSize(handle, reduce, ad, cd);
            assertEquals(indexed ? 6 * 4 : 0, indexBytes);
            MemorySegment workspace = cuda().malloc(Math.max(1, workspaceBytes));
            MemorySegment indices = cuda().malloc(Math.max(1, indexBytes));
            MemorySegment dc = upload(new double[lc.span()]);
            dnn.reduceTensor(handle, reduce, indices, indexBytes, workspace, workspaceBytes, s(1), ad, da, s(0), cd, dc);
            double[] got = downloadDoubles(dc, lc.span());
            int[] idx;
            try (Arena host = Arena.ofConfined()) {
                MemorySegment h = host.allocate(JAVA_INT, 6);
                if (indexed) {
                    cuda().memcpy(h, indices, 24, dev.panamax.bindings.cudart.cudart_h.cudaMemcpyDeviceToHost());
                }
                idx = h.toArray(JAVA_INT);
            }
            for (int n = 0; n < 2; n++) {
                for (int h = 0; h < 3; h++) {
                    double sum = 0;
                    double best = op == cudnn_h.CUDNN_REDUCE_TENSOR_MIN() ? Double.POSITIVE_INFINITY
                                                                          : Double.NEGATIVE_INFINITY;
                    int bestIndex = 0;
                    for (int c = 0; c < 5; c++) {
                        double v = a[la.offset(n, c, h, 0)];
                        sum += v;
                        boolean better = op == cudnn_h.CUDNN_REDUCE_TENSOR_MIN() ? v < best : v > best;
                        if (better) {
                            best = v;
                            bestIndex = c;
                        }
                    }
                    double expected = op == cudnn_h.CUDNN_REDUCE_TENSOR_ADD() ? sum
                            : op == cudnn_h.CUDNN_REDUCE_TENSOR_AVG() ? sum / 5 : best;
                    assertEquals(expected, got[lc.offset(n, 0, h, 0)], 1e-12, "op " + op);
                    if (indexed) {
                        assertEquals(bestIndex, idx[n * 3 + h], "index of op " + op);
                    }
                }
            }
            if (workspaceBytes > 0) {
                CudaException small = assertThrows(CudaException.class, () -> dnn.reduceTensor(handle, reduce, indices,
                        indexBytes, workspace, 0, s(1), ad, da, s(0), cd, dc));
                assertEquals("CUDNN_STATUS_BAD_PARAM", small.statusName());
            }
            dnn.destroyReduceTensorDescriptor(reduce);
            cuda().free(workspace);
            cuda().free(indices);
            cuda().free(dc);
        }
        cuda().free(da);
    }

    @Test
    void descriptorsValidateAndReportSizes() {
        MemorySegment d = dnn.createTensorDescriptor();
        dnn.setTensorNdDescriptor(d, cudnn_h.CUDNN_DATA_FLOAT(), new int[] {2, 3, 4}, new int[] {12, 4, 1});
        assertEquals(96, dnn.tensorSizeInBytes(d));
        CudaException e = assertThrows(CudaException.class,
                () -> dnn.setTensorNdDescriptor(d, cudnn_h.CUDNN_DATA_FLOAT(), new int[] {2, 0, 4}, new int[] {4, 4, 1}));
        assertEquals("CUDNN_STATUS_BAD_PARAM", e.statusName());
        float[] values = {1, 2, 3, 4};
        MemorySegment y = upload(values);
        MemorySegment small = dnn.createTensorDescriptor();
        dnn.setTensorNdDescriptor(small, cudnn_h.CUDNN_DATA_FLOAT(), new int[] {1, 2, 2}, new int[] {4, 2, 1});
        dnn.scaleTensor(handle, small, y, Cudnn.scalar(arena, cudnn_h.CUDNN_DATA_FLOAT(), 3));
        assertArrayEquals(new float[] {3, 6, 9, 12}, downloadFloats(y, 4));
        assertEquals("9.7.0", dnn.version());
        dnn.destroyTensorDescriptor(d);
        dnn.destroyTensorDescriptor(small);
        cuda().free(y);
    }
}
