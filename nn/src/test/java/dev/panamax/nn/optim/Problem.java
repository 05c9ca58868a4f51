package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.Json;
import java.util.List;
import java.util.Map;

/**
 * The fixture's problem, {@code f(W, b) = sum((x Wᵀ + b − y)²) + 0.1·sum(W⁴)}, and optimizers built
 * from the fixture's PyTorch-named options.
 */
final class Problem {

    static final Object FIXTURE = Json.resource(Problem.class, "/fixtures/optim_trajectories.json");
    static final Tensor X = Tensor.of(Json.doubles(Json.get(FIXTURE, "x")), 4, 3).keep();
    static final Tensor Y = Tensor.of(Json.doubles(Json.get(FIXTURE, "y")), 4, 2).keep();
    static final double[] W0 = Json.doubles(Json.get(FIXTURE, "W0"));
    static final double[] B0 = Json.doubles(Json.get(FIXTURE, "b0"));

    final Variable w;
    final Variable b;
    final double sign;

    Problem(double[] w, double[] b, double sign) {
        this.w = Variable.parameter(Tensor.of(w.clone(), 2, 3));
        this.b = Variable.parameter(Tensor.of(b.clone(), 2));
        this.sign = sign;
    }

    /** The problem at the fixture's starting point. */
    Problem(double sign) {
        this(W0, B0, sign);
    }

    /** The value of {@code f} at {@code (w, b)}. */
    static double lossAt(double[] w, double[] b) {
        return new Problem(w, b, 1).loss().item();
    }

    List<Variable> params() {
        return List.of(w, b);
    }

    /** The objective {@code sign·f(W, b)}, recorded for backward. */
    Variable loss() {
        Variable fit = Variable.of(X).mm(w.t()).add(b).sub(Variable.of(Y)).square().sum();
        return fit.add(w.pow(4).sum().mul(0.1)).mul(sign);
    }

    /** The closure PyTorch users write: clear the gradients, evaluate, back-propagate. */
    Closure closure(Optimizer<?> opt) {
        return () -> {
            opt.zeroGrad();
            Variable l = loss();
            l.backward();
            return l;
        };
    }

    private static double num(Map<?, ?> o, String key, double fallback) {
        return o.containsKey(key) ? ((Number) o.get(key)).doubleValue() : fallback;
    }

    private static boolean flag(Map<?, ?> o, String key, boolean fallback) {
        return o.containsKey(key) ? (Boolean) o.get(key) : fallback;
    }

    private static double pair(Map<?, ?> o, String key, int index, double fallback) {
        return o.containsKey(key) ? ((Number) ((List<?>) o.get(key)).get(index)).doubleValue() : fallback;
    }

    /** The optimizer {@code name} over {@code params} with PyTorch-named options {@code o}. */
    static Optimizer<?> optimizer(String name, Map<?, ?> o, List<Variable> params) {
        return switch (name) {
            case "SGD" -> {
                var d = SGD.Options.defaults();
                yield new SGD(params, new SGD.Options(num(o, "lr", d.lr()), num(o, "momentum", d.momentum()),
                        num(o, "dampening", d.dampening()), num(o, "weight_decay", d.weightDecay()),
                        flag(o, "nesterov", d.nesterov()), flag(o, "maximize", d.maximize())));
            }
            case "Adam" -> {
                var d = Adam.Options.defaults();
                yield new Adam(params, new Adam.Options(num(o, "lr", d.lr()), pair(o, "betas", 0, d.beta1()),
                        pair(o, "betas", 1, d.beta2()), num(o, "eps", d.eps()), num(o, "weight_decay", d.weightDecay()),
                        flag(o, "amsgrad", d.amsgrad()), flag(o, "maximize", d.maximize())));
            }
            case "AdamW" -> {
                var d = AdamW.Options.defaults();
                yield new AdamW(params, new AdamW.Options(num(o, "lr", d.lr()), pair(o, "betas", 0, d.beta1()),
                        pair(o, "betas", 1, d.beta2()), num(o, "eps", d.eps()), num(o, "weight_decay", d.weightDecay()),
                        flag(o, "amsgrad", d.amsgrad()), flag(o, "maximize", d.maximize())));
            }
            case "Adagrad" -> {
                var d = Adagrad.Options.defaults();
                yield new Adagrad(params, new Adagrad.Options(num(o, "lr", d.lr()), num(o, "lr_decay", d.lrDecay()),
                        num(o, "weight_decay", d.weightDecay()),
                        num(o, "initial_accumulator_value", d.initialAccumulatorValue()), num(o, "eps", d.eps()),
                        flag(o, "maximize", d.maximize())));
            }
            case "Adamax" -> {
                var d = Adamax.Options.defaults();
                yield new Adamax(params, new Adamax.Options(num(o, "lr", d.lr()), pair(o, "betas", 0, d.beta1()),
                        pair(o, "betas", 1, d.beta2()), num(o, "eps", d.eps()), num(o, "weight_decay", d.weightDecay()),
                        flag(o, "maximize", d.maximize())));
            }
            case "ASGD" -> {
                var d = ASGD.Options.defaults();
                yield new ASGD(params, new ASGD.Options(num(o, "lr", d.lr()), num(o, "lambd", d.lambd()),
                        num(o, "alpha", d.alpha()), num(o, "t0", d.t0()), num(o, "weight_decay", d.weightDecay()),
                        flag(o, "maximize", d.maximize())));
            }
            case "RMSprop" -> {
                var d = RMSprop.Options.defaults();
                yield new RMSprop(params, new RMSprop.Options(num(o, "lr", d.lr()), num(o, "alpha", d.alpha()),
                        num(o, "eps", d.eps()), num(o, "weight_decay", d.weightDecay()), num(o, "momentum", d.momentum()),
                        flag(o, "centered", d.centered()), flag(o, "maximize", d.maximize())));
            }
            case "Rprop" -> {
                var d = Rprop.Options.defaults();
                yield new Rprop(params, new Rprop.Options(num(o, "lr", d.lr()), pair(o, "etas", 0, d.etaMinus()),
                        pair(o, "etas", 1, d.etaPlus()), pair(o, "step_sizes", 0, d.minStepSize()),
                        pair(o, "step_sizes", 1, d.maxStepSize()), flag(o, "maximize", d.maximize())));
            }
            case "LBFGS" -> {
                var d = LBFGS.Options.defaults();
                if (o.containsKey("max_iter")) {
                    d = d.withMaxIter((int) num(o, "max_iter", 0));
                }
                d = d.withLr(num(o, "lr", d.lr())).withHistorySize((int) num(o, "history_size", d.historySize()));
                if ("strong_wolfe".equals(o.get("line_search_fn"))) {
                    d = d.withLineSearch(LBFGS.LineSearch.STRONG_WOLFE);
                }
                yield new LBFGS(params, d);
            }
            default -> throw new IllegalArgumentException("unknown optimizer in the fixture: " + name);
        };
    }
}
