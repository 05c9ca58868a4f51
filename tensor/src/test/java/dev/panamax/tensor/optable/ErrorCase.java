package dev.panamax.tensor.optable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inputs an op must reject: the exception type and fragments its message must contain.
 *
 * @param sample    the bad inputs
 * @param type      the expected exception class
 * @param fragments substrings of the message (the op name and the shapes involved)
 */
record ErrorCase(Sample sample, Class<? extends RuntimeException> type, List<String> fragments) {

    /** An {@link IllegalArgumentException} naming {@code op} and every argument's shape. */
    static ErrorCase badShapes(String op, Sample s) {
        List<String> f = new ArrayList<>();
        f.add(op);
        for (Arg a : s.args()) {
            f.add(Arrays.toString(a.shape()));
        }
        return new ErrorCase(s, IllegalArgumentException.class, List.copyOf(f));
    }

    static ErrorCase of(Class<? extends RuntimeException> type, Sample s, String... fragments) {
        return new ErrorCase(s, type, List.of(fragments));
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " for " + sample;
    }
}
