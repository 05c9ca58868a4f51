#!/usr/bin/env python3
"""Derives the float64 GEMM (GemmF64*.java) from the float32 sources (GemmF32*.java).

The two precisions share every line of logic; only types, vector species and two cache-block sizes
differ. GemmF32*.java are the sources of truth; run this after editing them:
    python3 gen_gemm_f64.py
"""
import re
from pathlib import Path

CPU = Path(__file__).resolve().parent.parent / "src/main/java/dev/panamax/tensor/cpu"

# (pattern, replacement) applied in order, as whole-word regular expressions where it matters.
SUBSTITUTIONS = [
    (r"\bFloatVector\b", "DoubleVector"),
    (r"VectorSpecies<Float>", "VectorSpecies<Double>"),
    (r"VectorMask<Float>", "VectorMask<Double>"),
    (r"ValueLayout\.OfFloat\b", "ValueLayout.OfDouble"),
    (r"JAVA_FLOAT_UNALIGNED", "JAVA_DOUBLE_UNALIGNED"),
    (r"\bGemmF32", "GemmF64"),
    (r"\bfloat\[\]", "double[]"),
    (r"\bfloat\b", "double"),
    (r"\bFloat\b", "Double"),
    (r"float32", "float64"),
    (r"\bfloats\b", "doubles"),
    (r"Gemm#sgemm", "Gemm#dgemm"),
    (r"\b0f\b", "0.0"),
    (r"\b1f\b", "1.0"),
    (r"static final int MC = 168;", "static final int MC = 84;"),
    (r"static final int NC = 2048;", "static final int NC = 1024;"),
    # The dot-product path (GemmF32Dot) is float32 only: drop its branch of the dispatch.
    (r"        \} else if \(GemmF64Dot\.suits\([^\n]*\n[^\n]*\n", ""),
]


def derive(name):
    text = (CPU / f"{name}.java").read_text()
    for pattern, repl in SUBSTITUTIONS:
        text = re.sub(pattern, repl, text)
    header = (f"// GENERATED from {name}.java by tensor/codegen/gen_gemm_f64.py. "
              "Do not edit by hand: edit the float32 source and rerun the script.\n")
    return header + text


if __name__ == "__main__":
    for src in ("GemmF32", "GemmF32Unpacked"):
        out = CPU / (src.replace("F32", "F64") + ".java")
        out.write_text(derive(src))
        print("wrote", out)
