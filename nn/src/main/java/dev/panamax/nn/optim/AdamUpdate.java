package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** The update shared by {@link Adam} and {@link AdamW}, in PyTorch's single-tensor order. */
final class AdamUpdate {

    private AdamUpdate() {
    }

    static void apply(Tensor theta, Tensor grad, Map<String, Tensor> state, double lr, double beta1, double beta2,
            double eps, double weightDecay, boolean decoupled, boolean amsgrad, boolean maximize) {
        if (state.isEmpty()) {
            Optimizer.putScalar(state, "step", 0);
            Optimizer.putState(state, "exp_avg", Tensor.zerosLike(theta));
            Optimizer.putState(state, "exp_avg_sq", Tensor.zerosLike(theta));
        }
        if (amsgrad && !state.containsKey("max_exp_avg_sq")) {
            Optimizer.putState(state, "max_exp_avg_sq", Tensor.zerosLike(theta));
        }
        double step = Optimizer.scalar(state, "step") + 1;
        Optimizer.putScalar(state, "step", step);
        Tensor g = Elementwise.direction(grad, maximize);
        if (weightDecay != 0) {
            if (decoupled) {
                theta.mul_(1 - lr * weightDecay);
            } else {
                g = g.add(theta.mul(weightDecay));
            }
        }
        Tensor m = state.get("exp_avg");
        Tensor v = state.get("exp_avg_sq");
        Elementwise.lerp_(m, g, 1 - beta1);
        v.mul_(beta2).add_(g.square().mul(1 - beta2));
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = lr / biasCorrection1;
        Tensor second = v;
        if (amsgrad) {
            Tensor max = state.get("max_exp_avg_sq");
            max.copy_(max.maximum(v));
            second = max;
        }
        Tensor denom = second.sqrt().div(biasCorrection2Sqrt).add(eps);
        theta.sub_(m.div(denom).mul(stepSize));
    }

    static Map<String, int[]> shapes(Variable param, boolean amsgrad) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("step", new int[0]);
        m.put("exp_avg", param.shape());
        m.put("exp_avg_sq", param.shape());
        if (amsgrad) {
            m.put("max_exp_avg_sq", param.shape());
        }
        return m;
    }
}
