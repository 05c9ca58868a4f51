package dev.panamax.nn.optim;

import java.math.BigDecimal;

/** Argument checks with PyTorch's messages, and Python's text for a float. */
final class Check {

    private Check() {
    }

    /** Throws {@code IllegalArgumentException(message + py(value))} unless {@code ok}. */
    static void require(boolean ok, String message, double value) {
        if (!ok) {
            throw new IllegalArgumentException(message + py(value));
        }
    }

    /** Throws {@code IllegalArgumentException(message + value)} unless {@code ok}. */
    static void require(boolean ok, String message, int value) {
        if (!ok) {
            throw new IllegalArgumentException(message + value);
        }
    }

    static void learningRate(double lr) {
        require(lr >= 0, "Invalid learning rate: ", lr);
    }

    static void epsilon(double eps) {
        require(eps >= 0, "Invalid epsilon value: ", eps);
    }

    static void weightDecay(double weightDecay) {
        require(weightDecay >= 0, "Invalid weight_decay value: ", weightDecay);
    }

    static void momentum(double momentum) {
        require(momentum >= 0, "Invalid momentum value: ", momentum);
    }

    static void betas(double beta1, double beta2) {
        require(beta1 >= 0 && beta1 < 1, "Invalid beta parameter at index 0: ", beta1);
        require(beta2 >= 0 && beta2 < 1, "Invalid beta parameter at index 1: ", beta2);
    }

    /**
     * A float as Python's {@code repr} writes it: {@code 1.0}, {@code 0.001}, {@code 1e-08}, {@code nan}.
     */
    static String py(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = v < 0 ? "-" : "";
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
