package dev.panamax.tensor.optable;

import dev.panamax.tensor.Tensor;
import java.util.Arrays;

/** A movement step that turns a sample's base tensor into a (usually non-contiguous) view. */
sealed interface Move {

    Tensor apply(Tensor t);

    RefView apply(RefView v);

    /** {@code transpose(d0, d1)}. */
    record Transpose(int d0, int d1) implements Move {
        public Tensor apply(Tensor t) {
            return t.transpose(d0, d1);
        }

        public RefView apply(RefView v) {
            return v.transpose(d0, d1);
        }

        @Override
        public String toString() {
            return ".transpose(" + d0 + "," + d1 + ")";
        }
    }

    /** {@code permute(perm)}. */
    record Permute(int... perm) implements Move {
        public Tensor apply(Tensor t) {
            return t.permute(perm);
        }

        public RefView apply(RefView v) {
            return v.permute(perm);
        }

        @Override
        public String toString() {
            return ".permute" + Arrays.toString(perm);
        }
    }

    /** {@code narrow(dim, start, length)}. */
    record Narrow(int dim, int start, int length) implements Move {
        public Tensor apply(Tensor t) {
            return t.narrow(dim, start, length);
        }

        public RefView apply(RefView v) {
            return v.narrow(dim, start, length);
        }

        @Override
        public String toString() {
            return ".narrow(" + dim + "," + start + "," + length + ")";
        }
    }

    /** {@code select(dim, index)}. */
    record Select(int dim, int index) implements Move {
        public Tensor apply(Tensor t) {
            return t.select(dim, index);
        }

        public RefView apply(RefView v) {
            return v.select(dim, index);
        }

        @Override
        public String toString() {
            return ".select(" + dim + "," + index + ")";
        }
    }

    /** {@code expand(shape)}. */
    record Expand(int... shape) implements Move {
        public Tensor apply(Tensor t) {
            return t.expand(shape);
        }

        public RefView apply(RefView v) {
            return v.expand(shape);
        }

        @Override
        public String toString() {
            return ".expand" + Arrays.toString(shape);
        }
    }
}
