package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.ReduceOp;

/**
 * The CUDA C source of the reduction kernels, following the CPU backend's semantics.
 *
 * <p>Parameters: {@code n} outputs, {@code reduced} elements per output, the kept dimensions'
 * shape with the source's and the destination's strides ({@code k0}, {@code k1}), the reduced
 * dimensions' shape with the source's strides ({@code q0}), then the source, the destination and
 * the int64 index output (null when not wanted, laid out as the destination). Each reduction has a
 * thread-per-output kernel for short reductions and a block-per-output kernel (shared-memory tree)
 * for long ones. Sums accumulate in double (int64 in wrapping 64-bit integers); max and min keep
 * the first extreme element's flat position, a NaN counting as the extreme, the first NaN winning.
 */
final class ReduceSource {

    private ReduceSource() {
    }

    /** Whether a reduction has kernels for dtype {@code t}. */
    static boolean supports(DType t) {
        return t != DType.BOOL;
    }

    /** Appends every reduction kernel of dtype {@code t}. */
    static void append(StringBuilder sb, DType t) {
        if (!supports(t)) {
            return;
        }
        for (ReduceOp op : ReduceOp.values()) {
            kernel(sb, op, t, false);
            kernel(sb, op, t, true);
        }
    }

    private static String accumulator(ReduceOp op, DType t) {
        return switch (op) {
            case SUM -> CTypes.sumAccumulator(t);
            case MAX, MIN -> "pmx_t";
        };
    }

    /** The statement folding element {@code v} at flat position {@code j} into {@code acc}/{@code at}. */
    private static String step(ReduceOp op, DType t) {
        return switch (op) {
            case SUM -> t == DType.INT64
                    ? "acc = (long long) ((unsigned long long) acc + (unsigned long long) v);"
                    : "acc += (double) v;";
            case MAX, MIN -> {
                String cmp = op == ReduceOp.MAX ? " > " : " < ";
                String nan = t.isFloatingPoint() ? "if (v != v) { acc = v; at = j; break; } " : "";
                yield nan + "if (at < 0 || v" + cmp + "acc) { acc = v; at = j; }";
            }
        };
    }

    /** The statement merging shared slot {@code u} into slot {@code t} of a block reduction. */
    private static String merge(ReduceOp op, DType t) {
        return switch (op) {
            case SUM -> t == DType.INT64
                    ? "sv[t] = (long long) ((unsigned long long) sv[t] + (unsigned long long) sv[u]);"
                    : "sv[t] += sv[u];";
            case MAX, MIN -> {
                String cmp = op == ReduceOp.MAX ? " > " : " < ";
                String nan = t.isFloatingPoint()
                        ? "else if (mv != mv || ov != ov) take = (ov != ov) && (mv == mv || oi < mi); "
                        : "";
                yield "pmx_t mv = sv[t], ov = sv[u]; long long mi = si[t], oi = si[u]; int take; "
                        + "if (oi < 0) take = 0; else if (mi < 0) take = 1; " + nan
                        + "else take = ov" + cmp + "mv || (ov == mv && oi < mi); "
                        + "if (take) { sv[t] = ov; si[t] = oi; }";
            }
        };
    }

    private static void kernel(StringBuilder sb, ReduceOp op, DType t, boolean block) {
        String acc = accumulator(op, t);
        boolean indexed = op != ReduceOp.SUM;
        sb.append("extern \"C\" __global__ void ").append(KernelSource.reduce(op, block))
                .append("(int n, int reduced, struct pmx_shape ksh, struct pmx_strides k0, struct pmx_strides k1, ")
                .append("struct pmx_shape rsh, struct pmx_strides q0, const pmx_t* src, pmx_t* dst, long long* idx) {\n");
        if (block) {
            sb.append("    __shared__ ").append(acc).append(" sv[").append(KernelSource.BLOCK).append("];\n");
            if (indexed) {
                sb.append("    __shared__ long long si[").append(KernelSource.BLOCK).append("];\n");
            }
            sb.append("    for (long long i = blockIdx.x; i < n; i += gridDim.x) {\n");
        } else {
            sb.append(KernelSource.GRID_STRIDE_LOOP);
        }
        sb.append(KernelSource.offsetCode("        ", "ksh", "i", "k", "b", 2))
                .append("        ").append(acc).append(" acc = 0;\n")
                .append("        long long at = -1;\n")
                .append(block
                        ? "        for (int j = threadIdx.x; j < reduced; j += blockDim.x) {\n"
                        : "        for (int j = 0; j < reduced; j++) {\n")
                .append(KernelSource.offsetCode("            ", "rsh", "j", "q", "p", 1))
                .append("            pmx_t v = src[b0 + p0];\n")
                .append("            ").append(step(op, t)).append("\n")
                .append("        }\n");
        if (block) {
            sb.append("        sv[threadIdx.x] = acc;\n");
            if (indexed) {
                sb.append("        si[threadIdx.x] = at;\n");
            }
            sb.append("        __syncthreads();\n")
                    .append("        for (int s = blockDim.x / 2; s > 0; s >>= 1) {\n")
                    .append("            if (threadIdx.x < s) {\n")
                    .append("                int t = threadIdx.x, u = threadIdx.x + s;\n")
                    .append("                ").append(merge(op, t)).append("\n")
                    .append("            }\n")
                    .append("            __syncthreads();\n")
                    .append("        }\n")
                    .append("        if (threadIdx.x == 0) {\n")
                    .append("            dst[b1] = (pmx_t) sv[0];\n")
                    .append(indexed ? "            if (idx) idx[b1] = si[0];\n" : "")
                    .append("        }\n")
                    .append("        __syncthreads();\n");
        } else {
            sb.append("        dst[b1] = (pmx_t) acc;\n");
            if (indexed) {
                sb.append("        if (idx) idx[b1] = at;\n");
            } else {
                sb.append("        (void) at;\n");
            }
        }
        sb.append("    }\n}\n");
    }
}
