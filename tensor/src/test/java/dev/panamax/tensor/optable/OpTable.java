package dev.panamax.tensor.optable;

import java.util.ArrayList;
import java.util.List;

/**
 * The op table: every computing method of {@code Tensor}, declared once with its samples, the op,
 * an independent reference, its storage sharing and the inputs it must reject. The families live
 * in their own files; {@link OpTableCoverageTest} fails when a public method has no entry.
 */
final class OpTable {

    private static final List<OpInfo> ALL;

    static {
        List<OpInfo> l = new ArrayList<>();
        l.addAll(UnaryOps.entries());
        l.addAll(BinaryOps.entries());
        l.addAll(ScalarOps.entries());
        l.addAll(CompareOps.entries());
        l.addAll(ReductionOps.entries());
        l.addAll(LinalgOps.entries());
        l.addAll(ViewOps.entries());
        l.addAll(InPlaceOps.entries());
        ALL = List.copyOf(l);
    }

    private OpTable() {
    }

    static List<OpInfo> all() {
        return ALL;
    }
}
