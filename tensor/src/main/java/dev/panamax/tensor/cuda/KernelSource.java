package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.UnaryOp;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CUDA C source of the backend's kernels: one module per kernel family and dtype, compiled on
 * first use.
 *
 * <p>Every elementwise kernel comes in two variants: {@code NAME_c} for operands that are all
 * contiguous (pointers already advanced to their offsets; parameters {@code n, scalars...,
 * pointers...}) and {@code NAME_s} for strided ones (parameters {@code n, shape, strides per
 * operand, scalars..., pointers...}). Both loop over the {@code n} elements with a grid-stride
 * loop, so any grid size covers the work. A strided operand is described by the shared
 * {@code pmx_shape} (rank and sizes, at most {@value #MAX_RANK} dimensions) and its own
 * {@code pmx_strides} in elements.
 */
final class KernelSource {

    /** The most dimensions a kernel indexes (after coalescing). */
    static final int MAX_RANK = 8;

    /** Threads per block; the block reductions' shared arrays have this size. */
    static final int BLOCK = 256;

    /** The kernel families, one module per family and dtype. */
    enum Family { FILL, COPY, UNARY, BINARY, SELECT, REDUCE, SOFTMAX }

    /** How the operands of a binary kernel are given: two arrays, array and scalar, or scalar and array. */
    enum Mode { VV, VS, SV }

    /**
     * One compiled unit.
     *
     * @param family the kernel family
     * @param dtype  the element type (for {@link Family#COPY}, the destination's)
     */
    record Module(Family family, DType dtype) {
        /** The module's name, such as {@code binary_f32}. */
        String name() {
            return family.name().toLowerCase(Locale.ROOT) + "_" + CTypes.tag(dtype);
        }
    }

    private static final String PREAMBLE = """
            struct pmx_shape { int rank; int dims[%d]; };
            struct pmx_strides { int s[%d]; };
            """.formatted(MAX_RANK, MAX_RANK);

    private KernelSource() {
    }

    /** The complete source of a module. */
    static String source(Module m) {
        DType t = m.dtype();
        StringBuilder sb = new StringBuilder("// Panamax kernels: ").append(m.name()).append('\n').append(PREAMBLE)
                .append("typedef ").append(CTypes.type(t)).append(" pmx_t;\n");
        switch (m.family()) {
            case FILL -> fill(sb);
            case COPY -> copy(sb, t);
            case UNARY -> unary(sb, t);
            case BINARY -> binary(sb, t);
            case SELECT -> select(sb, t);
            case REDUCE -> ReduceSource.append(sb, t);
            case SOFTMAX -> SoftmaxSource.append(sb, t);
        }
        return sb.toString();
    }

    private static String suffix(boolean contiguous) {
        return contiguous ? "_c" : "_s";
    }

    /** The fill kernel's name. */
    static String fill(boolean contiguous) {
        return "fill" + suffix(contiguous);
    }

    /** The masked-fill kernel's name. */
    static String maskedFill(boolean contiguous) {
        return "masked_fill" + suffix(contiguous);
    }

    /** The name of the kernel copying from dtype {@code from} (in the destination dtype's module). */
    static String copy(DType from, boolean contiguous) {
        return "copy_" + CTypes.tag(from) + suffix(contiguous);
    }

    /** A unary kernel's name. */
    static String unary(UnaryOp op, boolean contiguous) {
        return op.name().toLowerCase(Locale.ROOT) + suffix(contiguous);
    }

    /** A binary kernel's name. */
    static String binary(BinaryOp op, Mode mode, boolean contiguous) {
        return op.name().toLowerCase(Locale.ROOT) + "_" + mode.name().toLowerCase(Locale.ROOT) + suffix(contiguous);
    }

    /** A comparison kernel's name; {@code scalar} compares with a double. */
    static String compare(CompareOp op, boolean scalar, boolean contiguous) {
        return op.name().toLowerCase(Locale.ROOT) + (scalar ? "_scalar" : "") + suffix(contiguous);
    }

    /** The where kernel's name. */
    static String where(boolean contiguous) {
        return "where" + suffix(contiguous);
    }

    private static void fill(StringBuilder sb) {
        elementwise(sb, "fill", "pmx_t v", List.of("pmx_t* d"), i -> "d[" + i[0] + "] = v;");
        elementwise(sb, "masked_fill", "pmx_t v", List.of("pmx_t* d", "const unsigned char* m"),
                i -> "if (m[" + i[1] + "]) d[" + i[0] + "] = v;");
    }

    private static void copy(StringBuilder sb, DType to) {
        sb.append(CTypes.D2LL);
        for (DType from : DType.values()) {
            String name = "copy_" + CTypes.tag(from);
            elementwise(sb, name, null, List.of("const " + CTypes.type(from) + "* a", "pmx_t* d"),
                    i -> "d[" + i[1] + "] = " + CTypes.convert(from, to, "a[" + i[0] + "]") + ";");
        }
    }

    private static void unary(StringBuilder sb, DType t) {
        for (UnaryOp op : UnaryOp.values()) {
            if (CTypes.supports(op, t)) {
                elementwise(sb, op.name().toLowerCase(Locale.ROOT), null, List.of("const pmx_t* a", "pmx_t* d"),
                        i -> "d[" + i[1] + "] = " + CTypes.unary(op, t, "a[" + i[0] + "]") + ";");
            }
        }
    }

    private static void binary(StringBuilder sb, DType t) {
        if (!CTypes.supportsBinary(t)) {
            return;
        }
        sb.append(CTypes.binaryHelpers(t));
        for (BinaryOp op : BinaryOp.values()) {
            String base = op.name().toLowerCase(Locale.ROOT);
            elementwise(sb, base + "_vv", null, List.of("const pmx_t* a", "const pmx_t* b", "pmx_t* d"),
                    i -> "d[" + i[2] + "] = " + CTypes.binary(op, t, "a[" + i[0] + "]", "b[" + i[1] + "]") + ";");
            elementwise(sb, base + "_vs", "pmx_t s", List.of("const pmx_t* a", "pmx_t* d"),
                    i -> "d[" + i[1] + "] = " + CTypes.binary(op, t, "a[" + i[0] + "]", "s") + ";");
            elementwise(sb, base + "_sv", "pmx_t s", List.of("const pmx_t* a", "pmx_t* d"),
                    i -> "d[" + i[1] + "] = " + CTypes.binary(op, t, "s", "a[" + i[0] + "]") + ";");
        }
    }

    private static void select(StringBuilder sb, DType t) {
        for (CompareOp op : CompareOp.values()) {
            String base = op.name().toLowerCase(Locale.ROOT);
            elementwise(sb, base, null, List.of("const pmx_t* a", "const pmx_t* b", "unsigned char* d"),
                    i -> "d[" + i[2] + "] = " + CTypes.compare(op, "a[" + i[0] + "]", "b[" + i[1] + "]") + " ? 1 : 0;");
            elementwise(sb, base + "_scalar", "double s", List.of("const pmx_t* a", "unsigned char* d"),
                    i -> "d[" + i[1] + "] = " + CTypes.compare(op, "(double) a[" + i[0] + "]", "s") + " ? 1 : 0;");
        }
        elementwise(sb, "where", null, List.of("const unsigned char* c", "const pmx_t* a", "const pmx_t* b", "pmx_t* d"),
                i -> "d[" + i[3] + "] = c[" + i[0] + "] ? a[" + i[1] + "] : b[" + i[2] + "];");
    }

    /** The name of a reduction kernel: one thread per output, or one block per output. */
    static String reduce(ReduceOp op, boolean block) {
        return op.name().toLowerCase(Locale.ROOT) + (block ? "_block" : "_thread");
    }

    /** Emits both variants of an elementwise kernel. */
    private static void elementwise(StringBuilder sb, String name, String scalars, List<String> pointers,
                                    Function<String[], String> body) {
        StringBuilder params = new StringBuilder("int n");
        if (scalars != null) {
            params.append(", ").append(scalars);
        }
        for (String p : pointers) {
            params.append(", ").append(p);
        }
        String[] flat = new String[pointers.size()];
        java.util.Arrays.fill(flat, "i");
        sb.append("extern \"C\" __global__ void ").append(name).append("_c(").append(params).append(") {\n")
                .append(GRID_STRIDE_LOOP).append("        ").append(body.apply(flat)).append("\n    }\n}\n");
        strided(sb, name + "_s", scalars, pointers, body);
    }

    /** Emits the strided variant of a kernel under its full name. */
    private static void strided(StringBuilder sb, String name, String scalars, List<String> pointers,
                                Function<String[], String> body) {
        int k = pointers.size();
        StringBuilder params = new StringBuilder("int n, struct pmx_shape sh");
        String[] offsets = new String[k];
        for (int j = 0; j < k; j++) {
            params.append(", struct pmx_strides s").append(j);
            offsets[j] = "o" + j;
        }
        if (scalars != null) {
            params.append(", ").append(scalars);
        }
        for (String p : pointers) {
            params.append(", ").append(p);
        }
        sb.append("extern \"C\" __global__ void ").append(name).append("(").append(params).append(") {\n")
                .append(GRID_STRIDE_LOOP)
                .append(offsetCode("        ", "sh", "i", "s", "o", k))
                .append("        ").append(body.apply(offsets)).append("\n    }\n}\n");
    }

    static final String GRID_STRIDE_LOOP = """
                for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n;
                        i += (long long) blockDim.x * gridDim.x) {
            """;

    /**
     * Code declaring {@code out0..out(k-1)} as the element offsets of flat row-major index
     * {@code index} of shape {@code shape} under strides {@code strides0..strides(k-1)}.
     */
    static String offsetCode(String indent, String shape, String index, String strides, String out, int k) {
        StringBuilder sb = new StringBuilder();
        sb.append(indent).append("unsigned int r_ = (unsigned int) ").append(index).append(";\n");
        for (int j = 0; j < k; j++) {
            sb.append(indent).append("long long ").append(out).append(j).append(" = 0;\n");
        }
        sb.append(indent).append("for (int d_ = ").append(shape).append(".rank - 1; d_ >= 0; d_--) {\n")
                .append(indent).append("    unsigned int z_ = (unsigned int) ").append(shape).append(".dims[d_];\n")
                .append(indent).append("    unsigned int c_ = r_ % z_;\n")
                .append(indent).append("    r_ /= z_;\n");
        for (int j = 0; j < k; j++) {
            sb.append(indent).append("    ").append(out).append(j).append(" += (long long) c_ * ").append(strides)
                    .append(j).append(".s[d_];\n");
        }
        sb.append(indent).append("}\n");
        return sb.toString();
    }
}
