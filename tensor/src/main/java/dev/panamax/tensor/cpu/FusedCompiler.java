package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.FusedProgram;
import dev.panamax.tensor.backend.FusedProgram.Kind;
import dev.panamax.tensor.backend.UnaryOp;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register evaluation of fused programs: per distinct program and dtype, a hidden class whose loop
 * loads one vector per dense input, applies every instruction to vectors held in locals, and stores
 * the last one, so each element crosses memory once.
 *
 * <p>Every instruction is one call of a small static method of this class (inlined by the JIT), each
 * the same Vector API expression, in the same operand order, as the eager op's vector loop in
 * {@link SimdKernels} or {@link PowKernels}; the vector and scalar forms of these ops agree bit for
 * bit, so a caller may run the elements past the last whole vector through the blocked evaluator.
 * Programs with an op that has no vector form in the eager path (log, sin, cos, tanh, float64 exp
 * and sigmoid, pow other than float32 with a small integer exponent) are not compiled.
 */
final class FusedCompiler {

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final VectorSpecies<Float> F32S = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> F64S = DoubleVector.SPECIES_PREFERRED;

    /**
     * float lanes matching {@link #F64S} lane for lane (half of {@link #F32S}), or null: the species
     * of programs with a float32 {@code pow} computed in double, see {@link #halfWidth}.
     */
    static final VectorSpecies<Float> F32H = PowKernels.F32H;

    /** A compiled program: evaluates flat indices {@code [from, upper)}, a whole number of vectors. */
    public interface Loop {
        void run(MemorySegment[] in, long[] off, MemorySegment d, long doff, int from, int upper);

        /** The loop's vector length in elements: {@code upper - from} is a multiple of it. */
        int lanes();
    }

    private static final ConcurrentHashMap<String, Optional<Loop>> CACHE = new ConcurrentHashMap<>();

    private static final ClassDesc CD_FV = ClassDesc.of("jdk.incubator.vector.FloatVector");
    private static final ClassDesc CD_DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
    private static final ClassDesc CD_SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc CD_SEG = ClassDesc.of("java.lang.foreign.MemorySegment");
    private static final ClassDesc CD_ORDER = ClassDesc.of("java.nio.ByteOrder");
    private static final ClassDesc CD_SELF = ClassDesc.of(FusedCompiler.class.getName());
    private static final ClassDesc CD_LOOP = ClassDesc.of(Loop.class.getName());
    private static final ClassDesc CD_POW = ClassDesc.of(PowKernels.class.getName());

    private FusedCompiler() {
    }

    /**
     * Whether a float32 program runs on {@link #F32H} vectors: when a {@code pow} instruction computes
     * in double ({@link PowKernels#powSmallVector}), a full float vector costs two double halves, two
     * widening and two narrowing conversions, and the lane shuffles that split and join them; on
     * half-width floats each conversion maps one register to one register, with no shuffle. Programs
     * with exp or sigmoid keep the full width ({@link FloatExpVector} works on {@link #F32S}).
     */
    static boolean halfWidth(FusedProgram p) {
        if (F32H == null || F32H.length() != F64S.length()) {
            return false;
        }
        boolean widened = false;
        for (int i = 0; i < p.size(); i++) {
            if (p.kind(i) == Kind.UNARY && (p.unaryOp(i) == UnaryOp.EXP || p.unaryOp(i) == UnaryOp.SIGMOID)) {
                return false;
            }
            if (p.kind(i) == Kind.SCALAR && p.binaryOp(i) == BinaryOp.POW) {
                int e = (int) (float) p.scalar(i);
                widened |= e != 0 && e != 1 && e != 2;
            }
        }
        return widened;
    }

    /** The compiled loop of {@code p} over dense operands of dtype {@code t}, or null if it has no vector form. */
    static Loop loop(FusedProgram p, DType t) {
        String key = t.pyName() + '\n' + key(p);
        return CACHE.computeIfAbsent(key, k -> Optional.ofNullable(supported(p, t) ? compile(p, t) : null))
                .orElse(null);
    }

    private static String key(FusedProgram p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.size(); i++) {
            sb.append(p.kind(i)).append(' ').append(p.a(i));
            switch (p.kind(i)) {
                case INPUT -> { }
                case UNARY -> sb.append(' ').append(p.unaryOp(i));
                case BINARY -> sb.append(' ').append(p.binaryOp(i)).append(' ').append(p.b(i));
                case SCALAR -> sb.append(' ').append(p.binaryOp(i)).append(' ')
                        .append(Double.doubleToRawLongBits(p.scalar(i))).append(p.scalarFirst(i) ? " sf" : "");
            }
            sb.append(';');
        }
        return sb.toString();
    }

    private static boolean supported(FusedProgram p, DType t) {
        boolean f32 = t == DType.FLOAT32;
        if (!f32 && t != DType.FLOAT64) {
            return false;
        }
        for (int i = 0; i < p.size(); i++) {
            switch (p.kind(i)) {
                case INPUT -> { }
                case UNARY -> {
                    UnaryOp u = p.unaryOp(i);
                    boolean ok = switch (u) {
                        case NEG, ABS, SQRT, RELU, SQUARE -> true;
                        case EXP, SIGMOID -> f32;
                        default -> false;
                    };
                    if (!ok) {
                        return false;
                    }
                }
                case BINARY -> {
                    if (p.binaryOp(i) == BinaryOp.POW) {
                        return false;
                    }
                }
                case SCALAR -> {
                    if (p.binaryOp(i) == BinaryOp.POW && !(f32 && !p.scalarFirst(i)
                            && PowKernels.smallInteger((float) p.scalar(i)) && PowKernels.vectorPow())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static Loop compile(FusedProgram p, DType t) {
        boolean f32 = t == DType.FLOAT32;
        boolean half = f32 && halfWidth(p);
        int lanes = f32 ? (half ? F32H : F32S).length() : F64S.length();
        ClassDesc vec = f32 ? CD_FV : CD_DV;
        String species = f32 ? (half ? "F32H" : "F32S") : "F64S";
        long bytes = f32 ? 4 : 8;
        ClassDesc self = ClassDesc.of("dev.panamax.tensor.cpu.FusedLoop");
        MethodTypeDesc runType = MethodTypeDesc.of(ConstantDescs.CD_void, CD_SEG.arrayType(),
                ConstantDescs.CD_long.arrayType(), CD_SEG, ConstantDescs.CD_long, ConstantDescs.CD_int,
                ConstantDescs.CD_int);
        MethodTypeDesc un = MethodTypeDesc.of(vec, vec);
        MethodTypeDesc bi = MethodTypeDesc.of(vec, vec, vec);
        byte[] bytesOut = ClassFile.of().build(self, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withInterfaceSymbols(CD_LOOP);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, c -> c
                    .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                    .return_());
            cb.withMethodBody("lanes", MethodTypeDesc.of(ConstantDescs.CD_int), ClassFile.ACC_PUBLIC, c -> c
                    .loadConstant(lanes).ireturn());
            cb.withMethodBody("run", runType, ClassFile.ACC_PUBLIC, c -> {
                int n = p.size();
                int[] segLocal = new int[p.inputs()];
                int[] offLocal = new int[p.inputs()];
                for (int k = 0; k < p.inputs(); k++) {
                    segLocal[k] = c.allocateLocal(TypeKind.REFERENCE);
                    c.aload(1).loadConstant(k).aaload().astore(segLocal[k]);
                    offLocal[k] = c.allocateLocal(TypeKind.LONG);
                    c.aload(2).loadConstant(k).laload().iload(6).i2l().ladd().lstore(offLocal[k]);
                }
                int[] constLocal = new int[n];
                for (int i = 0; i < n; i++) {
                    if (p.kind(i) == Kind.SCALAR && p.binaryOp(i) != BinaryOp.POW) {
                        constLocal[i] = c.allocateLocal(TypeKind.REFERENCE);
                        c.getstatic(CD_SELF, species, CD_SPECIES);
                        if (f32) {
                            c.loadConstant((float) p.scalar(i));
                            c.invokestatic(CD_FV, "broadcast", MethodTypeDesc.of(CD_FV, CD_SPECIES,
                                    ConstantDescs.CD_float));
                        } else {
                            c.loadConstant(p.scalar(i));
                            c.invokestatic(CD_DV, "broadcast", MethodTypeDesc.of(CD_DV, CD_SPECIES,
                                    ConstantDescs.CD_double));
                        }
                        c.astore(constLocal[i]);
                    }
                }
                int step = c.allocateLocal(TypeKind.INT);
                c.getstatic(CD_SELF, species, CD_SPECIES)
                        .invokeinterface(CD_SPECIES, "length", MethodTypeDesc.of(ConstantDescs.CD_int))
                        .istore(step);
                // The index runs from 0 to upper - from over offsets that start at from, the shape of
                // SimdKernels' loops: C2 then addresses unrolled iterations by displacement.
                int dLocal = c.allocateLocal(TypeKind.LONG);
                c.lload(4).iload(6).i2l().ladd().lstore(dLocal);
                int len = c.allocateLocal(TypeKind.INT);
                c.iload(7).iload(6).isub().istore(len);
                int idx = c.allocateLocal(TypeKind.INT);
                c.iconst_0().istore(idx);
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c.allocateLocal(TypeKind.REFERENCE);
                }
                Label head = c.newLabel();
                Label end = c.newLabel();
                c.labelBinding(head);
                c.iload(idx).iload(len).if_icmpge(end);
                for (int i = 0; i < n; i++) {
                    switch (p.kind(i)) {
                        case INPUT -> {
                            int k = p.a(i);
                            c.getstatic(CD_SELF, species, CD_SPECIES).aload(segLocal[k]);
                            address(c, offLocal[k], idx, bytes);
                            c.getstatic(CD_SELF, "LE", CD_ORDER);
                            c.invokestatic(vec, "fromMemorySegment", MethodTypeDesc.of(vec, CD_SPECIES, CD_SEG,
                                    ConstantDescs.CD_long, CD_ORDER));
                        }
                        case UNARY -> {
                            c.aload(v[p.a(i)]);
                            c.invokestatic(CD_SELF, (f32 ? "f" : "d") + p.unaryOp(i).name(), un);
                        }
                        case BINARY -> {
                            c.aload(v[p.a(i)]).aload(v[p.b(i)]);
                            c.invokestatic(CD_SELF, (f32 ? "f" : "d") + p.binaryOp(i).name(), bi);
                        }
                        case SCALAR -> {
                            if (p.binaryOp(i) == BinaryOp.POW) {
                                c.aload(v[p.a(i)]).loadConstant((int) (float) p.scalar(i));
                                c.invokestatic(CD_POW, half ? "powSmallHalf" : "powSmallVector",
                                        MethodTypeDesc.of(CD_FV, CD_FV, ConstantDescs.CD_int));
                            } else {
                                if (p.scalarFirst(i)) {
                                    c.aload(constLocal[i]).aload(v[p.a(i)]);
                                } else {
                                    c.aload(v[p.a(i)]).aload(constLocal[i]);
                                }
                                c.invokestatic(CD_SELF, (f32 ? "f" : "d") + p.binaryOp(i).name(), bi);
                            }
                        }
                    }
                    c.astore(v[i]);
                }
                c.aload(v[n - 1]).aload(3);
                address(c, dLocal, idx, bytes);
                c.getstatic(CD_SELF, "LE", CD_ORDER);
                c.invokevirtual(vec, "intoMemorySegment", MethodTypeDesc.of(ConstantDescs.CD_void, CD_SEG,
                        ConstantDescs.CD_long, CD_ORDER));
                c.iload(idx).iload(step).iadd().istore(idx);
                c.goto_(head);
                c.labelBinding(end);
                c.return_();
            });
        });
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(bytesOut, true);
            return (Loop) l.findConstructor(l.lookupClass(), java.lang.invoke.MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("fused: compiling " + p + " for " + t.pyName() + " failed", e);
        }
    }

    /** Pushes the byte offset {@code (off + i) * bytes}. */
    private static void address(CodeBuilder c, int offLocal, int idx, long bytes) {
        c.lload(offLocal).iload(idx).i2l().ladd().loadConstant(bytes).lmul();
    }

    // The instructions, float32: the expressions of SimdKernels' vector loops.

    static FloatVector fADD(FloatVector a, FloatVector b) {
        return a.add(b);
    }

    static FloatVector fSUB(FloatVector a, FloatVector b) {
        return a.sub(b);
    }

    static FloatVector fMUL(FloatVector a, FloatVector b) {
        return a.mul(b);
    }

    static FloatVector fDIV(FloatVector a, FloatVector b) {
        return a.div(b);
    }

    static FloatVector fMAXIMUM(FloatVector a, FloatVector b) {
        return a.max(b);
    }

    static FloatVector fMINIMUM(FloatVector a, FloatVector b) {
        return a.min(b);
    }

    static FloatVector fNEG(FloatVector x) {
        return x.neg();
    }

    static FloatVector fABS(FloatVector x) {
        return x.abs();
    }

    static FloatVector fSQRT(FloatVector x) {
        return x.sqrt();
    }

    static FloatVector fRELU(FloatVector x) {
        return x.max(x.broadcast(0f));
    }

    static FloatVector fSQUARE(FloatVector x) {
        return x.mul(x);
    }

    static FloatVector fEXP(FloatVector x) {
        return FloatExpVector.exp(x);
    }

    static FloatVector fSIGMOID(FloatVector x) {
        return FloatExpVector.sigmoid(x);
    }

    // float64

    static DoubleVector dADD(DoubleVector a, DoubleVector b) {
        return a.add(b);
    }

    static DoubleVector dSUB(DoubleVector a, DoubleVector b) {
        return a.sub(b);
    }

    static DoubleVector dMUL(DoubleVector a, DoubleVector b) {
        return a.mul(b);
    }

    static DoubleVector dDIV(DoubleVector a, DoubleVector b) {
        return a.div(b);
    }

    static DoubleVector dMAXIMUM(DoubleVector a, DoubleVector b) {
        return a.max(b);
    }

    static DoubleVector dMINIMUM(DoubleVector a, DoubleVector b) {
        return a.min(b);
    }

    static DoubleVector dNEG(DoubleVector x) {
        return x.neg();
    }

    static DoubleVector dABS(DoubleVector x) {
        return x.abs();
    }

    static DoubleVector dSQRT(DoubleVector x) {
        return x.sqrt();
    }

    static DoubleVector dRELU(DoubleVector x) {
        return x.max(DoubleVector.zero(F64S));
    }

    static DoubleVector dSQUARE(DoubleVector x) {
        return x.mul(x);
    }
}
