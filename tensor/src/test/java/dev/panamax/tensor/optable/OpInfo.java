package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The declaration of one public {@code Tensor} method for the op table.
 *
 * @param name      a display name
 * @param signature the {@code Tensor} method covered, as {@code name(ParamType,...)} with simple type names
 * @param dtypes    the dtypes samples are generated for
 * @param samples   the sample inputs for a dtype
 * @param op        the op itself, applied to built tensors
 * @param ref       the independent reference, applied to the arguments' reference values
 * @param alias     how the result may share storage with the inputs
 * @param tolerance the relative tolerance factor (1 for exact-ish ops, more for long reductions)
 * @param errors    inputs the op must reject
 * @param waivers   sample kinds the op cannot take, each with the reason
 */
record OpInfo(String name, String signature, Set<DType> dtypes, Function<DType, List<Sample>> samples,
              Op op, RefFn ref, Alias alias, double tolerance, List<ErrorCase> errors, List<String> waivers) {

    /** The op under test. */
    @FunctionalInterface
    interface Op {
        Tensor[] apply(Tensor[] in, Sample s);
    }

    /** The reference. */
    @FunctionalInterface
    interface RefFn {
        Ref[] apply(Ref[] in, Sample s);
    }

    /** Storage sharing between result and inputs. */
    enum Alias {
        /** New storage, never an input's. */
        NEW,
        /** A view of the first input's storage. */
        VIEW,
        /** The first input itself (in-place ops). */
        SELF,
        /** Either (reshape may copy, contiguous may return its input). */
        ANY
    }

    /** Sample kinds that an op may waive, with a reason. */
    static final String NO_ZERO_DIM = "0-d";
    static final String NO_EMPTY = "empty";
    static final String NO_NONCONTIGUOUS = "non-contiguous";

    @Override
    public String toString() {
        return signature;
    }

    static Builder of(String signature) {
        return new Builder(signature);
    }

    /** Builds an entry; every table entry is one fluent declaration. */
    static final class Builder {
        private final String signature;
        private String name;
        private Set<DType> dtypes = EnumSet.of(DType.FLOAT32, DType.FLOAT64, DType.INT64);
        private Function<DType, List<Sample>> samples;
        private Op op;
        private RefFn ref;
        private Alias alias = Alias.NEW;
        private double tolerance = 1;
        private final List<ErrorCase> errors = new ArrayList<>();
        private final List<String> waivers = new ArrayList<>();

        private Builder(String signature) {
            this.signature = signature;
            this.name = signature.substring(0, signature.indexOf('('));
        }

        Builder name(String n) {
            name = n;
            return this;
        }

        Builder dtypes(DType first, DType... rest) {
            dtypes = EnumSet.of(first, rest);
            return this;
        }

        Builder samples(Function<DType, List<Sample>> s) {
            samples = s;
            return this;
        }

        Builder op(Op o) {
            op = o;
            return this;
        }

        /** A single-output op. */
        Builder op1(Function1 o) {
            op = (in, s) -> new Tensor[] {o.apply(in, s)};
            return this;
        }

        Builder ref(RefFn r) {
            ref = r;
            return this;
        }

        /** A single-output reference. */
        Builder ref1(RefFn1 r) {
            ref = (in, s) -> new Ref[] {r.apply(in, s)};
            return this;
        }

        Builder alias(Alias a) {
            alias = a;
            return this;
        }

        Builder tolerance(double t) {
            tolerance = t;
            return this;
        }

        Builder error(ErrorCase e) {
            errors.add(e);
            return this;
        }

        /** Declares that the op cannot take a sample kind ({@link #NO_ZERO_DIM}, ...), with the reason. */
        Builder waive(String kind, String reason) {
            waivers.add(kind + ": " + reason);
            return this;
        }

        OpInfo build() {
            if (samples == null || op == null || ref == null) {
                throw new IllegalStateException(signature + ": samples, op and ref are required");
            }
            return new OpInfo(name, signature, dtypes, samples, op, ref, alias, tolerance, List.copyOf(errors),
                    List.copyOf(waivers));
        }
    }

    /** A single-output op. */
    @FunctionalInterface
    interface Function1 {
        Tensor apply(Tensor[] in, Sample s);
    }

    /** A single-output op of the first tensor and the sample's parameters. */
    @FunctionalInterface
    interface Function1Sample {
        Tensor apply(Tensor t, Sample s);
    }

    /** A single-output reference. */
    @FunctionalInterface
    interface RefFn1 {
        Ref apply(Ref[] in, Sample s);
    }

    boolean waives(String kind) {
        return waivers.stream().anyMatch(w -> w.startsWith(kind + ":"));
    }
}
