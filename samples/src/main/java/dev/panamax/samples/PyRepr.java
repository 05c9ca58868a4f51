package dev.panamax.samples;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Python's {@code repr(float)} does.
 *
 * <p>Python prints the shortest decimal that reads back as the same double (the closest such
 * decimal when there are several), in fixed notation when the decimal exponent lies in
 * {@code [-4, 16)} and in scientific notation with a signed, at least two-digit exponent
 * otherwise: {@code 0.0001}, {@code 1e-05}, {@code 1000000000000000.0}, {@code 1e+16}.
 *
 * <p>Java's {@link Double#toString(double)} already yields the shortest round-trip digits except
 * when a single digit would do: it may then return a closer two-digit decimal (for example
 * {@code 4.9E-324} where Python prints {@code 5e-324}), a case this class corrects.
 */
public final class PyRepr {

    private PyRepr() {
    }

    /**
     * Returns Python's {@code repr} of {@code value}.
     *
     * @param value any double
     * @return the text Python would print for {@code float(value)}
     */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0.0) {
            return Double.doubleToRawLongBits(value) == 0L ? "0.0" : "-0.0";
        }
        String sign = value < 0 ? "-" : "";
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        // value = 0.digits * 10^decpt, as in Python's float formatting code.
        int decpt = digits.length() - shortest.scale();
        return sign + layout(digits, decpt);
    }

    /** Returns the shortest decimal that reads back as {@code x}, with no trailing zeros. */
    private static BigDecimal shortest(double x) {
        BigDecimal java = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        // Double.toString may prefer a closer two-digit decimal over a one-digit one that also
        // reads back as x; Python keeps the one-digit decimal.
        BigDecimal exact = new BigDecimal(x);
        int scale = java.scale() - 1;
        BigDecimal down = java.setScale(scale, RoundingMode.FLOOR);
        BigDecimal up = java.setScale(scale, RoundingMode.CEILING);
        boolean downOk = down.signum() > 0 && down.doubleValue() == x;
        boolean upOk = up.doubleValue() == x;
        if (downOk && upOk) {
            int cmp = exact.subtract(down).compareTo(up.subtract(exact));
            boolean pickDown = cmp < 0 || (cmp == 0 && !down.unscaledValue().testBit(0));
            return (pickDown ? down : up).stripTrailingZeros();
        }
        if (downOk) {
            return down.stripTrailingZeros();
        }
        if (upOk) {
            return up.stripTrailingZeros();
        }
        return java;
    }

    /** Places the decimal point in {@code digits} the way Python's {@code repr} does. */
    private static String layout(String digits, int decpt) {
        int n = digits.length();
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                return "0." + "0".repeat(-decpt) + digits;
            }
            if (decpt >= n) {
                return digits + "0".repeat(decpt - n) + ".0";
            }
            return digits.substring(0, decpt) + "." + digits.substring(decpt);
        }
        int exponent = decpt - 1;
        String mantissa = n == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.valueOf(Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
    }
}
