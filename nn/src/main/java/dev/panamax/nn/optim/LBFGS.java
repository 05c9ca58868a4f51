package dev.panamax.nn.optim;

import dev.panamax.autograd.GradMode;
import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The L-BFGS algorithm, as PyTorch's {@code torch.optim.LBFGS} (after minFunc); it needs a closure.
 *
 * <p>The parameters are treated as one flat vector θ with gradient g. One {@link #step(Closure)}
 * runs up to {@code maxIter} iterations of:
 * <pre>
 * y ← g − g_prev,  s ← t_prev·d_prev
 * if y·s > 1e-10:  store (y, s, ρ = 1/(y·s)) dropping the oldest beyond historySize;  H₀ ← (y·s)/(y·y)
 * d ← −H·g by the two-loop recursion over the stored pairs (newest first, then oldest first),
 *      starting from H₀·q                          (d ← −g, H₀ ← 1 on the very first iteration)
 * t ← lr·min(1, 1/‖g‖₁) on the very first iteration, else lr
 * stop if g·d > −toleranceChange
 * θ ← θ + t·d, with t chosen by a strong-Wolfe line search (c₁ 1e-4, c₂ 0.9) when enabled
 * </pre>
 * and also stops when the evaluations reach {@code maxEval}, when max|g| ≤ toleranceGrad (also
 * checked before the first iteration), when max|t·d| ≤ toleranceChange or when the loss changed by
 * less than toleranceChange. Without line search the loss is re-evaluated after each iteration
 * but the last. The history is kept between steps.
 *
 * <p>Only one parameter group is supported, all parameters must share a dtype, and {@link #step()}
 * without a closure is refused. The state, held by the first parameter, is {@code func_evals},
 * {@code n_iter}, {@code d}, {@code t}, {@code old_dirs.<i>}, {@code old_stps.<i>}, {@code ro},
 * {@code H_diag}, {@code prev_flat_grad} and {@code prev_loss}. Defaults: lr 1, max_iter 20,
 * max_eval max_iter·5/4, tolerance_grad 1e-7, tolerance_change 1e-9, history_size 100, no line search.
 */
public final class LBFGS extends Optimizer<LBFGS.Options> {

    /** The line search of {@link LBFGS}. */
    public enum LineSearch {
        /** A fixed step of the learning rate. */
        NONE,
        /** A line search satisfying the strong Wolfe conditions. */
        STRONG_WOLFE
    }

    /**
     * The options of {@link LBFGS}.
     *
     * @param lr              the learning rate (the initial step length)
     * @param maxIter         the most iterations per step
     * @param maxEval         the most loss evaluations per step
     * @param toleranceGrad   the first-order optimality tolerance on max|g|
     * @param toleranceChange the tolerance on changes of the loss and the parameters
     * @param historySize     how many correction pairs to keep
     * @param lineSearch      the line search
     */
    public record Options(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
            int historySize, LineSearch lineSearch) {

        /** PyTorch's defaults: lr 1, max_iter 20, max_eval 25, tolerances 1e-7 and 1e-9, history 100. */
        public static Options defaults() {
            return new Options(1, 20, 25, 1e-7, 1e-9, 100, LineSearch.NONE);
        }

        public Options withLr(double v) {
            return new Options(v, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        /** This record with {@code maxIter} replaced and {@code maxEval} reset to {@code v·5/4}, PyTorch's default for it. */
        public Options withMaxIter(int v) {
            return new Options(lr, v, v * 5 / 4, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options withMaxEval(int v) {
            return new Options(lr, maxIter, v, toleranceGrad, toleranceChange, historySize, lineSearch);
        }

        public Options withToleranceGrad(double v) {
            return new Options(lr, maxIter, maxEval, v, toleranceChange, historySize, lineSearch);
        }

        public Options withToleranceChange(double v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, v, historySize, lineSearch);
        }

        public Options withHistorySize(int v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, lineSearch);
        }

        public Options withLineSearch(LineSearch v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, v);
        }
    }

    private final List<Variable> params;
    private final int numel;
    private final DType dtype;

    /** L-BFGS over {@code params} with the default options. */
    public LBFGS(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /**
     * L-BFGS over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, a non-positive iteration,
     *                                  evaluation or history count, or parameters of mixed dtypes
     */
    public LBFGS(Iterable<? extends Variable> params, Options options) {
        super(params, options, LBFGS::validate);
        this.params = paramGroups().getFirst().params();
        this.dtype = this.params.getFirst().dtype();
        long n = 0;
        for (Variable p : this.params) {
            if (p.dtype() != dtype) {
                throw new IllegalArgumentException("LBFGS: all parameters must share one dtype, got "
                        + dtype.pyName() + " and " + p.dtype().pyName());
            }
            n += p.numel();
        }
        this.numel = Math.toIntExact(n);
    }

    private static void validate(Options o) {
        Check.learningRate(o.lr());
        Check.require(o.maxIter() > 0, "Invalid max_iter value: ", o.maxIter());
        Check.require(o.maxEval() > 0, "Invalid max_eval value: ", o.maxEval());
        Check.require(o.historySize() > 0, "Invalid history_size value: ", o.historySize());
        Objects.requireNonNull(o.lineSearch(), "lineSearch");
    }

    /**
     * Refused: L-BFGS has a single parameter group.
     *
     * @throws IllegalArgumentException always
     */
    @Override
    public void addParamGroup(Iterable<? extends Variable> params, Options options) {
        throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
    }

    /**
     * Refused: L-BFGS re-evaluates the loss during a step.
     *
     * @throws IllegalStateException always; call {@link #step(Closure)}
     */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS needs a closure that re-evaluates the model: call step(closure)");
    }

    /** Not used: {@link #step()} is refused and {@link #step(Closure)} updates all parameters at once. */
    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options options) {
        step();
    }

    /**
     * Runs up to {@code maxIter} L-BFGS iterations, calling {@code closure} for each evaluation.
     *
     * @return the loss of the first evaluation, before any update
     */
    @Override
    public double step(Closure closure) {
        Objects.requireNonNull(closure, "closure");
        try (var _ = GradMode.noGrad()) {
            return iterate(closure, paramGroups().getFirst().options());
        }
    }

    private double iterate(Closure closure, Options o) {
        Map<String, Tensor> state = mutableState(params.getFirst());
        History h = History.read(state);
        double origLoss = evaluate(closure);
        double loss = origLoss;
        int currentEvals = 1;
        h.funcEvals++;
        Tensor flatGrad = gatherFlatGrad();
        boolean optCond = flatGrad.abs().max().item() <= o.toleranceGrad();
        if (optCond) {
            h.write(state);
            return origLoss;
        }
        int iter = 0;
        while (iter < o.maxIter()) {
            iter++;
            h.nIter++;
            if (h.nIter == 1) {
                h.d = flatGrad.neg();
                h.oldDirs.clear();
                h.oldStps.clear();
                h.ro.clear();
                h.hDiag = 1;
            } else {
                h.d = direction(h, flatGrad, o.historySize());
            }
            h.prevFlatGrad = flatGrad.clone();
            h.prevLoss = loss;
            h.t = h.nIter == 1 ? Math.min(1.0, 1.0 / flatGrad.abs().sum().item()) * o.lr() : o.lr();
            double gtd = flatGrad.dot(h.d).item();
            if (gtd > -o.toleranceChange()) {
                break;
            }
            int lsEvals = 0;
            if (o.lineSearch() == LineSearch.STRONG_WOLFE) {
                List<Tensor> start = new ArrayList<>();
                for (Variable p : params) {
                    start.add(p.data().clone());
                }
                Tensor d = h.d;
                StrongWolfe.Result r = StrongWolfe.search(t -> directionalEvaluate(closure, start, t, d), h.t, d,
                        loss, flatGrad, gtd, o.toleranceChange(), o.maxEval() - currentEvals);
                loss = r.loss();
                flatGrad = r.grad();
                h.t = r.t();
                lsEvals = r.evaluations();
                addToParams(h.t, d);
                optCond = flatGrad.abs().max().item() <= o.toleranceGrad();
            } else {
                addToParams(h.t, h.d);
                if (iter != o.maxIter()) {
                    loss = evaluate(closure);
                    flatGrad = gatherFlatGrad();
                    optCond = flatGrad.abs().max().item() <= o.toleranceGrad();
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            h.funcEvals += lsEvals;
            if (iter == o.maxIter() || currentEvals >= o.maxEval() || optCond) {
                break;
            }
            if (h.d.mul(h.t).abs().max().item() <= o.toleranceChange()
                    || Math.abs(loss - h.prevLoss) < o.toleranceChange()) {
                break;
            }
        }
        h.write(state);
        return origLoss;
    }

    /** Updates the history with the last step and returns −H·g by the two-loop recursion. */
    private static Tensor direction(History h, Tensor flatGrad, int historySize) {
        Tensor y = flatGrad.sub(h.prevFlatGrad);
        Tensor s = h.d.mul(h.t);
        double ys = y.dot(s).item();
        if (ys > 1e-10) {
            if (h.oldDirs.size() == historySize) {
                h.oldDirs.removeFirst();
                h.oldStps.removeFirst();
                h.ro.removeFirst();
            }
            h.oldDirs.add(y);
            h.oldStps.add(s);
            h.ro.add(1.0 / ys);
            h.hDiag = ys / y.dot(y).item();
        }
        int k = h.oldDirs.size();
        double[] al = new double[k];
        Tensor q = flatGrad.neg();
        for (int i = k - 1; i >= 0; i--) {
            al[i] = h.oldStps.get(i).dot(q).item() * h.ro.get(i);
            q.sub_(h.oldDirs.get(i).mul(al[i]));
        }
        Tensor r = q.mul(h.hDiag);
        for (int i = 0; i < k; i++) {
            double be = h.oldDirs.get(i).dot(r).item() * h.ro.get(i);
            r.add_(h.oldStps.get(i).mul(al[i] - be));
        }
        return r;
    }

    private Tensor gatherFlatGrad() {
        Tensor flat = Tensor.zeros(dtype, numel).to(params.getFirst().device());
        int offset = 0;
        for (Variable p : params) {
            int n = (int) p.numel();
            Tensor g = p.borrowGrad(); // copied, not kept
            if (g != null) {
                flat.narrow(0, offset, n).copy_(g.reshape(-1));
            }
            offset += n;
        }
        return flat;
    }

    private void addToParams(double t, Tensor d) {
        int offset = 0;
        for (Variable p : params) {
            int n = (int) p.numel();
            p.data().add_(d.narrow(0, offset, n).reshape(p.shape()).mul(t));
            offset += n;
        }
    }

    private StrongWolfe.Evaluation directionalEvaluate(Closure closure, List<Tensor> start, double t, Tensor d) {
        addToParams(t, d);
        double loss = evaluate(closure);
        Tensor flatGrad = gatherFlatGrad();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).data().copy_(start.get(i));
        }
        return new StrongWolfe.Evaluation(loss, flatGrad);
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        if (param != params.getFirst()) {
            return m;
        }
        m.put("func_evals", new int[0]);
        m.put("n_iter", new int[0]);
        if (loaded.containsKey("d")) {
            Tensor ro = loaded.get("ro");
            int k = ro != null && ro.dim() == 1 ? ro.size(0) : 0;
            int[] flat = {numel};
            m.put("d", flat);
            m.put("t", new int[0]);
            for (int i = 0; i < k; i++) {
                m.put("old_dirs." + i, flat);
                m.put("old_stps." + i, flat);
            }
            m.put("ro", new int[] {k});
            m.put("H_diag", new int[0]);
            m.put("prev_flat_grad", flat);
            m.put("prev_loss", new int[0]);
        }
        return m;
    }

    /** The state carried between steps, read from and written back to the first parameter's state. */
    private static final class History {
        double funcEvals;
        double nIter;
        Tensor d;
        double t;
        final List<Tensor> oldDirs = new ArrayList<>();
        final List<Tensor> oldStps = new ArrayList<>();
        final List<Double> ro = new ArrayList<>();
        double hDiag;
        Tensor prevFlatGrad;
        double prevLoss;

        static History read(Map<String, Tensor> state) {
            History h = new History();
            h.funcEvals = state.containsKey("func_evals") ? scalar(state, "func_evals") : 0;
            h.nIter = state.containsKey("n_iter") ? scalar(state, "n_iter") : 0;
            if (state.containsKey("d")) {
                h.d = state.get("d");
                h.t = scalar(state, "t");
                double[] ro = state.get("ro").toDoubleArray();
                for (int i = 0; i < ro.length; i++) {
                    h.oldDirs.add(state.get("old_dirs." + i));
                    h.oldStps.add(state.get("old_stps." + i));
                    h.ro.add(ro[i]);
                }
                h.hDiag = scalar(state, "H_diag");
                h.prevFlatGrad = state.get("prev_flat_grad");
                h.prevLoss = scalar(state, "prev_loss");
            }
            return h;
        }

        void write(Map<String, Tensor> state) {
            state.clear();
            putScalar(state, "func_evals", funcEvals);
            putScalar(state, "n_iter", nIter);
            if (d == null) {
                return;
            }
            putState(state, "d", d);
            putScalar(state, "t", t);
            for (int i = 0; i < oldDirs.size(); i++) {
                putState(state, "old_dirs." + i, oldDirs.get(i));
                putState(state, "old_stps." + i, oldStps.get(i));
            }
            double[] r = new double[ro.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ro.get(i);
            }
            putState(state, "ro", Tensor.of(r).to(d.dtype()));
            putScalar(state, "H_diag", hDiag);
            putState(state, "prev_flat_grad", prevFlatGrad);
            putScalar(state, "prev_loss", prevLoss);
        }
    }
}
