package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Fused;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated CUDA C of fused programs: one statement per instruction, exact constants, no contraction. */
class FusedSourceTest {

    @Test
    void statementsUseRoundedIntrinsicsAndExactConstants() {
        Fused f = Fused.of((x, y) -> x.mul(0.1).add(y).exp().pow(y).maximum(-0.0));
        String src = FusedSource.source(f.program(), DType.FLOAT32);
        assertTrue(src.contains("const pmx_t v1 = PMX_MUL_F(v0, (0x1.99999ap-4f));"), src);
        assertTrue(src.contains("const pmx_t v3 = PMX_ADD_F(v1, v2);"), src);
        assertTrue(src.contains("const pmx_t v4 = expf(v3);"), src);
        assertTrue(src.contains("pmx_pow((double) v4, (double) v2)"), src);
        assertTrue(src.contains("pmx_max(v5, (-0x0.0p0f))"), src);
        assertTrue(src.contains("#define PMX_ADD_F(x, y) __fadd_rn(x, y)"), src);
        assertTrue(src.contains("extern \"C\" __global__ void fused_c(int n, const pmx_t* in0, const pmx_t* in1, pmx_t* d)"),
                src);
        assertTrue(src.contains("struct pmx_strides s2"), src);
        assertFalse(src.contains(" + v") || src.contains(" * v"), src);
        String f64 = FusedSource.source(f.program(), DType.FLOAT64);
        assertTrue(f64.contains("v1 = PMX_MUL_D(v0, (0x1.999999999999ap-4))"), f64);
    }

    @Test
    void literalsRoundToTheDtypeAndSpellSpecialValues() {
        assertEquals("(0x1.99999ap-4f)", FusedSource.literal(DType.FLOAT32, 0.1));
        assertEquals("(0x1.999999999999ap-4)", FusedSource.literal(DType.FLOAT64, 0.1));
        assertEquals("(1.0f / 0.0f)", FusedSource.literal(DType.FLOAT32, 1e300));
        assertEquals("(-1.0 / 0.0)", FusedSource.literal(DType.FLOAT64, Double.NEGATIVE_INFINITY));
        assertEquals("(0.0f / 0.0f)", FusedSource.literal(DType.FLOAT32, Double.NaN));
        assertEquals("(0x0.0p0f)", FusedSource.literal(DType.FLOAT32, 1e-60));
    }
}
