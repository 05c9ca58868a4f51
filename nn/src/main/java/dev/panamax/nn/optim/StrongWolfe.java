package dev.panamax.nn.optim;

import dev.panamax.tensor.Tensor;

/**
 * The strong-Wolfe line search and cubic interpolation that {@link LBFGS} uses, in the order of
 * PyTorch's {@code _strong_wolfe} (itself a port of minFunc / torch7's {@code lswolfe}).
 */
final class StrongWolfe {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;

    private StrongWolfe() {
    }

    /** The loss and flat gradient at {@code x + t·d}. */
    record Evaluation(double loss, Tensor grad) {
    }

    /** The objective along the search direction. */
    @FunctionalInterface
    interface Objective {
        Evaluation at(double t);
    }

    /** The accepted step {@code t}, its loss and gradient, and how many evaluations it took. */
    record Result(double loss, Tensor grad, double t, int evaluations) {
    }

    /** Python's {@code max(a, b)}: {@code a} unless {@code b > a}. */
    private static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    /** Python's {@code min(a, b)}: {@code a} unless {@code b < a}. */
    private static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /**
     * The minimizer of the cubic through two points with values and derivatives, clamped to
     * {@code [lo, hi]}; the middle of the interval when the cubic has no minimizer.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
            double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return pyMin(pyMax(minPos, lo), hi);
        }
        return (lo + hi) / 2.0;
    }

    /** {@link #cubicInterpolate} bounded by the two points themselves. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2)
                : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    /**
     * Searches along {@code d} from step {@code t} for a point satisfying the strong Wolfe
     * conditions, bracketing then zooming, with at most {@code maxLs} further evaluations.
     *
     * @param f   the loss at the start
     * @param g   the flat gradient at the start
     * @param gtd the directional derivative {@code g·d} at the start (negative)
     */
    static Result search(Objective obj, double t, Tensor d, double f, Tensor g, double gtd, double toleranceChange,
            int maxLs) {
        double dNorm = d.abs().max().item();
        g = g.clone();
        Evaluation e = obj.at(t);
        double fNew = e.loss();
        Tensor gNew = e.grad();
        int evaluations = 1;
        double gtdNew = gNew.dot(d).item();

        double tPrev = 0;
        double fPrev = f;
        Tensor gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        Tensor[] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < maxLs) {
            boolean armijoFails = fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev);
            boolean wolfeHolds = !armijoFails && Math.abs(gtdNew) <= -C2 * gtd;
            if (wolfeHolds) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new Tensor[] {gNew};
                done = true;
                break;
            }
            if (armijoFails || gtdNew >= 0) {
                // the minimizer lies between the previous and the current step
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double previous = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = previous;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(t);
            fNew = e.loss();
            gNew = e.grad();
            evaluations++;
            gtdNew = gNew.dot(d).item();
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new Tensor[] {g, gNew};
        }

        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double top = pyMax(bracket[0], bracket[1]);
            double bottom = pyMin(bracket[0], bracket[1]);
            double eps = 0.1 * (top - bottom);
            if (pyMin(top - t, t - bottom) < eps) {
                if (insufficientProgress || t >= top || t <= bottom) {
                    t = Math.abs(t - top) < Math.abs(t - bottom) ? top - eps : bottom + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            e = obj.at(t);
            fNew = e.loss();
            gNew = e.grad();
            evaluations++;
            gtdNew = gNew.dot(d).item();
            lsIter++;

            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew.clone();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew.clone();
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evaluations);
    }
}
