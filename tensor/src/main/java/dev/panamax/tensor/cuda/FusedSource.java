package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.FusedProgram;
import dev.panamax.tensor.backend.UnaryOp;

/**
 * The CUDA C source of a fused elementwise program: one module with the kernels {@code fused_c}
 * (all operands contiguous; parameters {@code n, inputs..., d}) and {@code fused_s} (strided;
 * {@code n, shape, strides per input then output, inputs..., d}), one thread per element in a
 * grid-stride loop, as the backend's other elementwise kernels.
 *
 * <p>Each instruction is one statement into a variable of the dtype, using {@link CTypes}' expression
 * for its op, so it rounds as the eager kernel does. Additions, subtractions, products and
 * quotients are written with the {@code _rn} intrinsics, which the compiler never contracts into a
 * fused multiply-add across statements (the eager kernels, one op each, have nothing to contract).
 * Constants are exact hexadecimal literals of the dtype, as the eager kernels receive them.
 */
final class FusedSource {

    private FusedSource() {
    }

    /** The kernel's name by variant. */
    static String kernel(boolean contiguous) {
        return contiguous ? "fused_c" : "fused_s";
    }

    /** The complete source for {@code p} in dtype {@code t} (float32 or float64). */
    static String source(FusedProgram p, DType t) {
        String c = CTypes.type(t);
        StringBuilder sb = new StringBuilder("// Panamax fused kernel: ").append(p).append('\n')
                .append("struct pmx_shape { int rank; int dims[").append(KernelSource.MAX_RANK).append("]; };\n")
                .append("struct pmx_strides { int s[").append(KernelSource.MAX_RANK).append("]; };\n")
                .append("typedef ").append(c).append(" pmx_t;\n")
                .append(ROUNDED)
                .append(CTypes.binaryHelpers(t));
        int k = p.inputs();
        StringBuilder pointers = new StringBuilder();
        for (int j = 0; j < k; j++) {
            pointers.append(", const pmx_t* in").append(j);
        }
        pointers.append(", pmx_t* d");
        String[] flat = new String[k + 1];
        java.util.Arrays.fill(flat, "i");
        sb.append("extern \"C\" __global__ void fused_c(int n").append(pointers).append(") {\n")
                .append(KernelSource.GRID_STRIDE_LOOP).append(body(p, t, flat)).append("    }\n}\n");
        StringBuilder params = new StringBuilder("int n, struct pmx_shape sh");
        String[] offsets = new String[k + 1];
        for (int j = 0; j <= k; j++) {
            params.append(", struct pmx_strides s").append(j);
            offsets[j] = "o" + j;
        }
        sb.append("extern \"C\" __global__ void fused_s(").append(params).append(pointers).append(") {\n")
                .append(KernelSource.GRID_STRIDE_LOOP)
                .append(KernelSource.offsetCode("        ", "sh", "i", "s", "o", k + 1))
                .append(body(p, t, offsets)).append("    }\n}\n");
        return sb.toString();
    }

    /** Rounded arithmetic: CUDA's intrinsics, or plain operators where the simulator compiles for the host. */
    private static final String ROUNDED = """
            #ifdef __CUDA_SIM__
            #define PMX_ADD_F(x, y) ((x) + (y))
            #define PMX_SUB_F(x, y) ((x) - (y))
            #define PMX_MUL_F(x, y) ((x) * (y))
            #define PMX_DIV_F(x, y) ((x) / (y))
            #define PMX_ADD_D(x, y) ((x) + (y))
            #define PMX_SUB_D(x, y) ((x) - (y))
            #define PMX_MUL_D(x, y) ((x) * (y))
            #define PMX_DIV_D(x, y) ((x) / (y))
            #else
            #define PMX_ADD_F(x, y) __fadd_rn(x, y)
            #define PMX_SUB_F(x, y) __fsub_rn(x, y)
            #define PMX_MUL_F(x, y) __fmul_rn(x, y)
            #define PMX_DIV_F(x, y) __fdiv_rn(x, y)
            #define PMX_ADD_D(x, y) __dadd_rn(x, y)
            #define PMX_SUB_D(x, y) __dsub_rn(x, y)
            #define PMX_MUL_D(x, y) __dmul_rn(x, y)
            #define PMX_DIV_D(x, y) __ddiv_rn(x, y)
            #endif
            """;

    private static String body(FusedProgram p, DType t, String[] at) {
        StringBuilder sb = new StringBuilder();
        String sfx = t == DType.FLOAT32 ? "F" : "D";
        int k = p.inputs();
        for (int i = 0; i < p.size(); i++) {
            String v = "v" + i;
            String e = switch (p.kind(i)) {
                case INPUT -> "in" + p.a(i) + "[" + at[p.a(i)] + "]";
                case UNARY -> p.unaryOp(i) == UnaryOp.SQUARE
                        ? "PMX_MUL_" + sfx + "(v" + p.a(i) + ", v" + p.a(i) + ")"
                        : CTypes.unary(p.unaryOp(i), t, "v" + p.a(i));
                case BINARY -> binary(p.binaryOp(i), t, sfx, "v" + p.a(i), "v" + p.b(i));
                case SCALAR -> {
                    String s = literal(t, p.scalar(i));
                    String x = "v" + p.a(i);
                    yield p.scalarFirst(i) ? binary(p.binaryOp(i), t, sfx, s, x) : binary(p.binaryOp(i), t, sfx, x, s);
                }
            };
            sb.append("        const pmx_t ").append(v).append(" = ").append(e).append(";\n");
        }
        sb.append("        d[").append(at[k]).append("] = v").append(p.size() - 1).append(";\n");
        return sb.toString();
    }

    private static String binary(BinaryOp op, DType t, String sfx, String x, String y) {
        return switch (op) {
            case ADD -> "PMX_ADD_" + sfx + "(" + x + ", " + y + ")";
            case SUB -> "PMX_SUB_" + sfx + "(" + x + ", " + y + ")";
            case MUL -> "PMX_MUL_" + sfx + "(" + x + ", " + y + ")";
            case DIV -> "PMX_DIV_" + sfx + "(" + x + ", " + y + ")";
            case POW, MAXIMUM, MINIMUM -> CTypes.binary(op, t, x, y);
        };
    }

    /** {@code v} rounded to the dtype (as the eager kernels' scalar parameter is), as an exact C literal. */
    static String literal(DType t, double v) {
        if (t == DType.FLOAT32) {
            float f = (float) v;
            if (Float.isNaN(f)) {
                return "(0.0f / 0.0f)";
            }
            if (Float.isInfinite(f)) {
                return f > 0 ? "(1.0f / 0.0f)" : "(-1.0f / 0.0f)";
            }
            return "(" + Float.toHexString(f) + "f)";
        }
        if (Double.isNaN(v)) {
            return "(0.0 / 0.0)";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "(1.0 / 0.0)" : "(-1.0 / 0.0)";
        }
        return "(" + Double.toHexString(v) + ")";
    }
}
