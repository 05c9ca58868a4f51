#!/usr/bin/env python3
"""Writes SimdKernels.java: the CPU backend's contiguous Vector API loops.

Each op, dtype and operand mode gets its own small method, so that the vector operator is a constant
the JIT can intrinsify and each loop is compiled (by C2) on its own; thin entry points dispatch on
the op token. The strided and int64 paths live in hand-written code (Elements.java). Run from this
folder:
    python3 gen_simd_kernels.py > ../src/main/java/dev/panamax/tensor/cpu/SimdKernels.java
"""

TYPES = [
    # name, java scalar, Vector class, byte size, value layout
    ("F32", "float", "FloatVector", 4, "JAVA_FLOAT_UNALIGNED"),
    ("F64", "double", "DoubleVector", 8, "JAVA_DOUBLE_UNALIGNED"),
]

# Transcendental functions are deliberately NOT vectorised: the Vector API computes them with SVML
# once C2 has compiled a loop but with Math.* before that, and the two differ in the last bit, so a
# result would depend on JIT warm-up. Math.* gives the same bits in every execution mode.
SCALAR_ONLY = {"POW", "EXP", "LOG", "SIN", "COS", "TANH", "SIGMOID"}

# Float32 exp and sigmoid use FloatExp (float arithmetic only, the same bits in every execution mode)
# and its lane-for-lane vector form FloatExpVector; the strided path (Elements.apply) uses FloatExp.
# op -> (vector expression over x, scalar expression over x as double)
F32_VECTOR = {
    "EXP": ("FloatExpVector.exp(x)", "FloatExp.exp((float) x)"),
    "SIGMOID": ("FloatExpVector.sigmoid(x)", "1f / (1f + FloatExp.exp((float) -x))"),
}

# op -> (vector expression over x, y ; scalar expression over x, y as double)
BINARY = {
    "ADD": ("{x}.add({y})", "x + y"),
    "SUB": ("{x}.sub({y})", "x - y"),
    "MUL": ("{x}.mul({y})", "x * y"),
    "DIV": ("{x}.div({y})", "x / y"),
    "POW": ("{x}.lanewise(VectorOperators.POW, {y})", "Math.pow(x, y)"),
    "MAXIMUM": ("{x}.max({y})", "Math.max(x, y)"),
    "MINIMUM": ("{x}.min({y})", "Math.min(x, y)"),
}

UNARY = {
    "NEG": ("x.neg()", "-x"),
    "ABS": ("x.abs()", "Math.abs(x)"),
    "EXP": ("x.lanewise(VectorOperators.EXP)", "Math.exp(x)"),
    "LOG": ("x.lanewise(VectorOperators.LOG)", "Math.log(x)"),
    "SQRT": ("x.sqrt()", "Math.sqrt(x)"),
    "SIN": ("x.lanewise(VectorOperators.SIN)", "Math.sin(x)"),
    "COS": ("x.lanewise(VectorOperators.COS)", "Math.cos(x)"),
    "TANH": ("x.lanewise(VectorOperators.TANH)", "Math.tanh(x)"),
    "SIGMOID": ("one.div(x.neg().lanewise(VectorOperators.EXP).add(one))", "1.0 / (1.0 + Math.exp(-x))"),
    "RELU": ("x.max(zero)", "x > 0 || Double.isNaN(x) ? x : 0.0"),
    "SQUARE": ("x.mul(x)", "x * x"),
}


MODES = {
    # mode -> (vector x, vector y, scalar x, scalar y, needs b)
    "VV": ("va", "vb", "a.getAtIndex({lay}, ai + i)", "b.getAtIndex({lay}, bi + i)", True),
    "VS": ("va", "vs", "a.getAtIndex({lay}, ai + i)", "s", False),
    "SV": ("vs", "va", "s", "a.getAtIndex({lay}, ai + i)", False),
}


def camel(op):
    return op.lower()


def emit_binary(w, name, jt, vc, size, lay):
    sp = name + "S"
    # One small method per (op, dtype, mode): the JIT compiles each loop on its own, with its vector
    # operator a constant. (A single method holding every op and mode grew past what C1 can
    # register-allocate, never reached C2, and ran the Vector API's slow Java fallback.)
    w("")
    w(f"    /** {{@code d[di..] = op(a[ai..], b[bi..])}} for {jt}; see the class comment for modes. */")
    w(f"    static void binary{name}(BinaryOp op, int mode, MemorySegment a, long ai, MemorySegment b, long bi, double s,")
    w(f"            MemorySegment d, long di, int n) {{")
    w(f"        final {jt} sc = ({jt}) s;")
    w(f"        switch (op) {{")
    for op in BINARY:
        m = camel(op) + name
        if op in SCALAR_ONLY:
            w(f"            case {op} -> {m}(mode, a, ai, b, bi, sc, d, di, n);")
            continue
        w(f"            case {op} -> {{")
        w(f"                if (mode == VV) {{")
        w(f"                    {m}VV(a, ai, b, bi, d, di, n);")
        w(f"                }} else if (mode == VS) {{")
        w(f"                    {m}VS(a, ai, sc, d, di, n);")
        w(f"                }} else {{")
        w(f"                    {m}SV(a, ai, sc, d, di, n);")
        w(f"                }}")
        w(f"            }}")
    w(f"        }}")
    w(f"    }}")
    for op, (vexpr, sexpr) in BINARY.items():
        m = camel(op) + name
        if op in SCALAR_ONLY:
            w("")
            w(f"    private static void {m}(int mode, MemorySegment a, long ai, MemorySegment b, long bi, {jt} s,")
            w(f"            MemorySegment d, long di, int n) {{")
            w(f"        for (int i = 0; i < n; i++) {{")
            w(f"            double x = mode == SV ? s : a.getAtIndex({lay}, ai + i);")
            w(f"            double y = mode == VV ? b.getAtIndex({lay}, bi + i) : mode == VS ? s : a.getAtIndex({lay}, ai + i);")
            w(f"            d.setAtIndex({lay}, di + i, ({jt}) ({sexpr}));")
            w(f"        }}")
            w(f"    }}")
            continue
        for mode, (vx, vy, sx, sy, needs_b) in MODES.items():
            w("")
            if needs_b:
                w(f"    private static void {m}{mode}(MemorySegment a, long ai, MemorySegment b, long bi, MemorySegment d, long di,")
                w(f"            int n) {{")
            else:
                w(f"    private static void {m}{mode}(MemorySegment a, long ai, {jt} s, MemorySegment d, long di, int n) {{")
            w(f"        final int step = {sp}.length();")
            w(f"        final int upper = {sp}.loopBound(n);")
            if not needs_b:
                w(f"        final {vc} vs = {vc}.broadcast({sp}, s);")
            w(f"        int i = 0;")
            w(f"        for (; i < upper; i += step) {{")
            w(f"            {vc} va = {vc}.fromMemorySegment({sp}, a, (ai + i) * {size}L, LE);")
            if needs_b:
                w(f"            {vc} vb = {vc}.fromMemorySegment({sp}, b, (bi + i) * {size}L, LE);")
            w(f"            {vexpr.format(x=vx, y=vy)}.intoMemorySegment(d, (di + i) * {size}L, LE);")
            w(f"        }}")
            w(f"        for (; i < n; i++) {{")
            w(f"            double x = {sx.format(lay=lay)};")
            w(f"            double y = {sy.format(lay=lay)};")
            w(f"            d.setAtIndex({lay}, di + i, ({jt}) ({sexpr}));")
            w(f"        }}")
            w(f"    }}")


def emit_unary(w, name, jt, vc, size, lay):
    sp = name + "S"
    w("")
    w(f"    /** {{@code d[di..] = op(a[ai..])}} for {jt}. */")
    w(f"    static void unary{name}(UnaryOp op, MemorySegment a, long ai, MemorySegment d, long di, int n) {{")
    w(f"        switch (op) {{")
    for op in UNARY:
        w(f"            case {op} -> {camel(op)}{name}(a, ai, d, di, n);")
    w(f"        }}")
    w(f"    }}")
    for op, (vexpr, sexpr) in UNARY.items():
        vector = op not in SCALAR_ONLY
        if name == "F32" and op in F32_VECTOR:
            vexpr, sexpr = F32_VECTOR[op]
            vector = True
        w("")
        w(f"    private static void {camel(op)}{name}(MemorySegment a, long ai, MemorySegment d, long di, int n) {{")
        if vector:
            w(f"        final int step = {sp}.length();")
            w(f"        final int upper = {sp}.loopBound(n);")
            if "one" in vexpr:
                w(f"        final {vc} one = {vc}.broadcast({sp}, 1);")
            if "zero" in vexpr:
                w(f"        final {vc} zero = {vc}.zero({sp});")
        w(f"        int i = 0;")
        if vector:
            w(f"        for (; i < upper; i += step) {{")
            w(f"            {vc} x = {vc}.fromMemorySegment({sp}, a, (ai + i) * {size}L, LE);")
            w(f"            {vexpr}.intoMemorySegment(d, (di + i) * {size}L, LE);")
            w(f"        }}")
        w(f"        for (; i < n; i++) {{")
        w(f"            double x = a.getAtIndex({lay}, ai + i);")
        w(f"            d.setAtIndex({lay}, di + i, ({jt}) ({sexpr}));")
        w(f"        }}")
        w(f"    }}")


def emit_sum(w, name, jt, vc, size, lay):
    sp = name + "S"
    streams = "abcd"

    def acc_sum(x):
        return f"{x}0.add({x}1).add({x}2.add({x}3))"

    w("")
    w(f"    /** Elements per block of a {jt} sum; see {{@link #sum{name}}}. */")
    w(f"    static final int SUM_BLOCK_{name} = 4096;")
    w("")
    w(f"    /**")
    w(f"     * The sum of {{@code n}} contiguous {jt}s from {{@code ai}}: the blocks of {{@link #SUM_BLOCK_{name}}} elements")
    w(f"     * from {{@code ai}}, each summed by {{@link #sumBlocks{name}}}, added in block order in double.")
    w(f"     */")
    w(f"    static double sum{name}(MemorySegment a, long ai, int n) {{")
    w(f"        if (n < 4 * SUM_BLOCK_{name}) {{")
    w(f"            double total = 0;")
    w(f"            int i = 0;")
    w(f"            while (i < n) {{")
    w(f"                int end = (int) Math.min(n, i + (long) SUM_BLOCK_{name});")
    w(f"                total += block{name}(a, ai, i, end);")
    w(f"                i = end;")
    w(f"            }}")
    w(f"            return total;")
    w(f"        }}")
    w(f"        return sumBlocks{name}(a, ai, n, 0, (int) ((n + (long) SUM_BLOCK_{name} - 1) / SUM_BLOCK_{name}), null);")
    w(f"    }}")
    w("")
    w(f"    /**")
    w(f"     * The sums of blocks {{@code from..to-1}} of the {{@code n}} {jt}s from {{@code ai}} (block {{@code k}} holds")
    w(f"     * elements {{@code k·SUM_BLOCK_{name}}} up to the next block or {{@code n}}), stored in {{@code out[k]}} unless")
    w(f"     * {{@code out}} is null, and returned added in block order in double. A block is summed in four")
    w(f"     * {jt} vector accumulators (element {{@code i}} of the block goes to accumulator {{@code (i / lanes) % 4}}),")
    w(f"     * added as {{@code (s0 + s1) + (s2 + s3)}}, whose lanes are added in double (even lanes in order, odd")
    w(f"     * lanes in order, then the two), then the block's tail elements in order: the bits depend only on the")
    w(f"     * data and the vector width, never on which thread sums which blocks or how the code is compiled.")
    w(f"     */")
    w(f"    static double sumBlocks{name}(MemorySegment a, long ai, int n, int from, int to, double[] out) {{")
    w(f"        final int b = SUM_BLOCK_{name};")
    w(f"        final double[] four = new double[4];")
    w(f"        double total = 0;")
    w(f"        int k = from;")
    w(f"        // Four full blocks at a time, read as four interleaved streams: more cache-line misses in")
    w(f"        // flight than one stream (the hardware prefetchers stop at page boundaries), same sums.")
    w(f"        for (; k + 4 <= to && (k + 4L) * b <= n; k += 4) {{")
    w(f"            fourBlocks{name}(a, ai + (long) k * b, four);")
    w(f"            for (int q = 0; q < 4; q++) {{")
    w(f"                total += four[q];")
    w(f"                if (out != null) {{")
    w(f"                    out[k + q] = four[q];")
    w(f"                }}")
    w(f"            }}")
    w(f"        }}")
    w(f"        for (; k < to; k++) {{")
    w(f"            long i = (long) k * b;")
    w(f"            double s = block{name}(a, ai + i, 0, (int) Math.min(b, n - i));")
    w(f"            total += s;")
    w(f"            if (out != null) {{")
    w(f"                out[k] = s;")
    w(f"            }}")
    w(f"        }}")
    w(f"        return total;")
    w(f"    }}")
    w("")
    w(f"    /** The sums of the four full blocks from {{@code ai}} into {{@code four}}, read interleaved. */")
    w(f"    private static void fourBlocks{name}(MemorySegment a, long ai, double[] four) {{")
    w(f"        final int step = {sp}.length();")
    w(f"        final int b = SUM_BLOCK_{name};")
    for x in streams:
        for j in range(4):
            w(f"        {vc} {x}{j} = {vc}.zero({sp});")
    w(f"        for (int j = 0; j < b; j += 4 * step) {{")
    w(f"            long o = (ai + j) * {size}L;")
    for j in range(4):
        for si, x in enumerate(streams):
            off = "o" if si == 0 else f"o + {si}L * b * {size}L"
            if j:
                off += f" + {j}L * step * {size}L" if j > 1 else f" + step * {size}L"
            w(f"            {x}{j} = {x}{j}.add({vc}.fromMemorySegment({sp}, a, {off}, LE));")
    w(f"        }}")
    for si, x in enumerate(streams):
        w(f"        four[{si}] = lanes{name}({acc_sum(x)});")
    w(f"    }}")
    w("")
    w(f"    /** The sum of the block of elements {{@code i..end-1}} from {{@code ai}}. */")
    w(f"    private static double block{name}(MemorySegment a, long ai, int i, int end) {{")
    w(f"        final int step = {sp}.length();")
    w(f"        int upper4 = i + (end - i) / (4 * step) * (4 * step);")
    for j in range(4):
        w(f"        {vc} s{j} = {vc}.zero({sp});")
    w(f"        for (; i < upper4; i += 4 * step) {{")
    w(f"            long o = (ai + i) * {size}L;")
    w(f"            s0 = s0.add({vc}.fromMemorySegment({sp}, a, o, LE));")
    w(f"            s1 = s1.add({vc}.fromMemorySegment({sp}, a, o + step * {size}L, LE));")
    w(f"            s2 = s2.add({vc}.fromMemorySegment({sp}, a, o + 2L * step * {size}L, LE));")
    w(f"            s3 = s3.add({vc}.fromMemorySegment({sp}, a, o + 3L * step * {size}L, LE));")
    w(f"        }}")
    w(f"        {vc} v = {acc_sum('s')};")
    w(f"        double even = 0;")
    w(f"        double odd = 0;")
    w(f"        for (int l = 0; l < step; l += 2) {{ // as lanes{name}, written out: C2 compiles this shape faster")
    w(f"            even += v.lane(l);")
    w(f"            odd += v.lane(l + 1);")
    w(f"        }}")
    w(f"        double block = even + odd;")
    w(f"        for (; i < end; i++) {{")
    w(f"            block += a.getAtIndex({lay}, ai + i);")
    w(f"        }}")
    w(f"        return block;")
    w(f"    }}")
    w("")
    w(f"    /** The even lanes of {{@code v}} added in order in double, likewise the odd lanes, then the two sums. */")
    w(f"    private static double lanes{name}({vc} v) {{")
    w(f"        double even = 0;")
    w(f"        double odd = 0;")
    w(f"        for (int l = 0; l < {sp}.length(); l += 2) {{")
    w(f"            even += v.lane(l);")
    w(f"            odd += v.lane(l + 1);")
    w(f"        }}")
    w(f"        return even + odd;")
    w(f"    }}")


def emit_extreme(w, name, jt, vc, size, lay):
    sp = name + "S"
    for fn, vop, init in (("max", "MAX", "NEGATIVE_INFINITY"), ("min", "MIN", "POSITIVE_INFINITY")):
        box = "Float" if jt == "float" else "Double"
        w("")
        w(f"    /**")
        w(f"     * The {fn}imum of {{@code n}} contiguous {jt}s from {{@code ai}} as {{@code Math.{fn}}} folds it: NaN if any")
        w(f"     * element is NaN; of two zeros the {'positive' if fn == 'max' else 'negative'} one.")
        w(f"     */")
        w(f"    static double {fn}{name}(MemorySegment a, long ai, int n) {{")
        w(f"        final int step = {sp}.length();")
        w(f"        final int upper = {sp}.loopBound(n);")
        w(f"        final int upper2 = n - n % (2 * step);")
        w(f"        {vc} m0 = {vc}.broadcast({sp}, {box}.{init});")
        w(f"        {vc} m1 = m0;")
        w(f"        int i = 0;")
        w(f"        for (; i < upper2; i += 2 * step) {{")
        w(f"            long o = (ai + i) * {size}L;")
        w(f"            m0 = m0.{fn}({vc}.fromMemorySegment({sp}, a, o, LE));")
        w(f"            m1 = m1.{fn}({vc}.fromMemorySegment({sp}, a, o + step * {size}L, LE));")
        w(f"        }}")
        w(f"        for (; i < upper; i += step) {{")
        w(f"            m0 = m0.{fn}({vc}.fromMemorySegment({sp}, a, (ai + i) * {size}L, LE));")
        w(f"        }}")
        w(f"        m0 = m0.{fn}(m1);")
        w(f"        // Lanewise {fn} keeps a NaN in its lane; the check does not rely on the reduction's NaN handling.")
        w(f"        {jt} r = m0.test(VectorOperators.IS_NAN).anyTrue() ? {box}.NaN : m0.reduceLanes(VectorOperators.{vop});")
        w(f"        for (; i < n; i++) {{")
        w(f"            r = Math.{fn}(r, a.getAtIndex({lay}, ai + i));")
        w(f"        }}")
        w(f"        return r;")
        w(f"    }}")


def emit_index_of(w, name, jt, vc, size, lay):
    sp = name + "S"
    box = "Float" if jt == "float" else "Double"
    w("")
    w(f"    /**")
    w(f"     * The index of the first of {{@code n}} contiguous {jt}s from {{@code ai}} that equals {{@code v}} numerically")
    w(f"     * ({{@code -0 == 0}}), or is NaN if {{@code v}} is; {{@code n}} if there is none.")
    w(f"     */")
    w(f"    static int indexOf{name}(MemorySegment a, long ai, int n, double v) {{")
    w(f"        final int step = {sp}.length();")
    w(f"        final int upper = {sp}.loopBound(n);")
    w(f"        final {jt} x = ({jt}) v;")
    w(f"        final boolean nan = {box}.isNaN(x);")
    w(f"        int i = 0;")
    w(f"        for (; i < upper; i += step) {{")
    w(f"            {vc} va = {vc}.fromMemorySegment({sp}, a, (ai + i) * {size}L, LE);")
    w(f"            VectorMask<{box}> m = nan ? va.test(VectorOperators.IS_NAN) : va.compare(VectorOperators.EQ, x);")
    w(f"            if (m.anyTrue()) {{")
    w(f"                return i + m.firstTrue();")
    w(f"            }}")
    w(f"        }}")
    w(f"        for (; i < n; i++) {{")
    w(f"            {jt} e = a.getAtIndex({lay}, ai + i);")
    w(f"            if (nan ? {box}.isNaN(e) : e == x) {{")
    w(f"                return i;")
    w(f"            }}")
    w(f"        }}")
    w(f"        return n;")
    w(f"    }}")


def emit():
    out = []
    w = out.append
    w("// GENERATED by tensor/codegen/gen_simd_kernels.py. Do not edit by hand: edit the script and rerun it.")
    w("package dev.panamax.tensor.cpu;")
    w("")
    w("import dev.panamax.tensor.backend.BinaryOp;")
    w("import dev.panamax.tensor.backend.UnaryOp;")
    w("import java.lang.foreign.MemorySegment;")
    w("import java.nio.ByteOrder;")
    w("import jdk.incubator.vector.DoubleVector;")
    w("import jdk.incubator.vector.FloatVector;")
    w("import jdk.incubator.vector.VectorMask;")
    w("import jdk.incubator.vector.VectorOperators;")
    w("import jdk.incubator.vector.VectorSpecies;")
    w("")
    w("import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;")
    w("import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;")
    w("")
    w("/**")
    w(" * Contiguous SIMD loops of the CPU backend: one small method per op, dtype and operand mode, behind")
    w(" * one dispatching entry point per family and dtype.")
    w(" *")
    w(" * <p>Indices are element indices into the segments. Binary modes: {@code VV} both operands")
    w(" * are arrays; {@code VS} the second is the scalar {@code s}; {@code SV} the first is.")
    w(" */")
    w("final class SimdKernels {")
    w("    static final int VV = 0;")
    w("    static final int VS = 1;")
    w("    static final int SV = 2;")
    w("    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;")
    w("    private static final VectorSpecies<Float> F32S = FloatVector.SPECIES_PREFERRED;")
    w("    private static final VectorSpecies<Double> F64S = DoubleVector.SPECIES_PREFERRED;")
    w("")
    w("    private SimdKernels() {")
    w("    }")
    for name, jt, vc, size, lay in TYPES:
        emit_binary(w, name, jt, vc, size, lay)
        emit_unary(w, name, jt, vc, size, lay)
        emit_extreme(w, name, jt, vc, size, lay)
        emit_index_of(w, name, jt, vc, size, lay)
        # float64 sums use NumPy's pairwise order instead: PairwiseSum.java
        if name == "F32":
            emit_sum(w, name, jt, vc, size, lay)
    w("}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(emit(), end="")
