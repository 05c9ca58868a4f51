package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;

/**
 * The CUDA C source of the softmax kernels, used when cuDNN is unavailable or declines a layout.
 *
 * <p>One block per row (a row: the elements along the softmax dimension for one combination of the
 * other indices), grid-stride over the rows. Parameters: {@code rows}, the row length {@code n},
 * the other dimensions' shape with each operand's strides ({@code k0, k1[, k2]}), each operand's
 * stride along the softmax dimension ({@code q0, q1[, q2]}), then the pointers. The maximum and
 * the sums are shared-memory trees in double, and every element is computed in double:
 * {@code exp(x - max) / sum} or {@code (x - max) - log(sum)}; backward {@code y·(g − Σ g·y)} or
 * {@code g − exp(y)·Σ g}. A NaN or an infinity in a row gives a NaN sum (as on the CPU), hence a NaN row.
 */
final class SoftmaxSource {

    private SoftmaxSource() {
    }

    /** Whether softmax has kernels for dtype {@code t}. */
    static boolean supports(DType t) {
        return t.isFloatingPoint();
    }

    /** The name of a forward ({@code backward == false}) or backward kernel. */
    static String name(boolean log, boolean backward) {
        return (log ? "log_softmax" : "softmax") + (backward ? "_backward" : "_forward");
    }

    /** Appends the four kernels of dtype {@code t}. */
    static void append(StringBuilder sb, DType t) {
        if (!supports(t)) {
            return;
        }
        sb.append("""
                __device__ double pmx_block_reduce(double* sv, double v, int is_max) {
                    sv[threadIdx.x] = v;
                    __syncthreads();
                    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
                        if (threadIdx.x < s) {
                            double o = sv[threadIdx.x + s];
                            sv[threadIdx.x] = is_max ? fmax(sv[threadIdx.x], o) : sv[threadIdx.x] + o;
                        }
                        __syncthreads();
                    }
                    double r = sv[0];
                    __syncthreads();
                    return r;
                }
                """);
        for (boolean log : new boolean[] {false, true}) {
            forward(sb, log);
            backward(sb, log);
        }
    }

    private static void forward(StringBuilder sb, boolean log) {
        sb.append("extern \"C\" __global__ void ").append(name(log, false))
                .append("(int rows, int n, struct pmx_shape ksh, struct pmx_strides k0, struct pmx_strides k1, ")
                .append("int q0, int q1, const pmx_t* x, pmx_t* y) {\n")
                .append("    __shared__ double sv[").append(KernelSource.BLOCK).append("];\n")
                .append("    for (long long i = blockIdx.x; i < rows; i += gridDim.x) {\n")
                .append(KernelSource.offsetCode("        ", "ksh", "i", "k", "b", 2))
                .append("""
                        double m = -__longlong_as_double(0x7ff0000000000000LL);
                        for (int j = threadIdx.x; j < n; j += blockDim.x) {
                            m = fmax(m, (double) x[b0 + (long long) j * q0]);
                        }
                        m = pmx_block_reduce(sv, m, 1);
                        double s = 0;
                        for (int j = threadIdx.x; j < n; j += blockDim.x) {
                            s += exp((double) x[b0 + (long long) j * q0] - m);
                        }
                        s = pmx_block_reduce(sv, s, 0);
                        for (int j = threadIdx.x; j < n; j += blockDim.x) {
                            double v = (double) x[b0 + (long long) j * q0] - m;
                """)
                .append(log
                        ? "            y[b1 + (long long) j * q1] = (pmx_t) (v - log(s));\n"
                        : "            y[b1 + (long long) j * q1] = (pmx_t) (exp(v) / s);\n")
                .append("        }\n    }\n}\n");
    }

    private static void backward(StringBuilder sb, boolean log) {
        sb.append("extern \"C\" __global__ void ").append(name(log, true))
                .append("(int rows, int n, struct pmx_shape ksh, struct pmx_strides k0, struct pmx_strides k1, ")
                .append("struct pmx_strides k2, int q0, int q1, int q2, const pmx_t* g, const pmx_t* y, pmx_t* dx) {\n")
                .append("    __shared__ double sv[").append(KernelSource.BLOCK).append("];\n")
                .append("    for (long long i = blockIdx.x; i < rows; i += gridDim.x) {\n")
                .append(KernelSource.offsetCode("        ", "ksh", "i", "k", "b", 3))
                .append("        double s = 0;\n")
                .append("        for (int j = threadIdx.x; j < n; j += blockDim.x) {\n")
                .append(log
                        ? "            s += (double) g[b0 + (long long) j * q0];\n"
                        : "            s += (double) g[b0 + (long long) j * q0] * (double) y[b1 + (long long) j * q1];\n")
                .append("""
                        }
                        s = pmx_block_reduce(sv, s, 0);
                        for (int j = threadIdx.x; j < n; j += blockDim.x) {
                            double gv = (double) g[b0 + (long long) j * q0];
                            double yv = (double) y[b1 + (long long) j * q1];
                """)
                .append(log
                        ? "            dx[b2 + (long long) j * q2] = (pmx_t) (gv - exp(yv) * s);\n"
                        : "            dx[b2 + (long long) j * q2] = (pmx_t) (yv * (gv - s));\n")
                .append("        }\n    }\n}\n");
    }
}
