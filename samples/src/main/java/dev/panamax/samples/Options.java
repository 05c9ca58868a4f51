package dev.panamax.samples;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code --name value} options given to one sample, checked against the options it accepts.
 */
public final class Options {

    /** The options every sample accepts. */
    public static final List<Sample.Option> COMMON = List.of(
            new Sample.Option("out", "charts", "folder the charts are written to"),
            new Sample.Option("device", "cpu", "cpu, auto or cuda[:N]"));

    private static final long MAX_NUMPY_SEED = 0xFFFF_FFFFL;

    private final Map<String, Sample.Option> accepted = new LinkedHashMap<>();
    private final Map<String, String> given = new LinkedHashMap<>();

    private Options() {
    }

    /**
     * Parses {@code --name value} and {@code --name=value} pairs against {@code accepted}.
     *
     * @param args the arguments after the sample name
     * @param accepted the options allowed, with their defaults
     * @return the parsed options
     * @throws UsageException on an unknown, repeated or valueless option
     */
    public static Options parse(List<String> args, List<Sample.Option> accepted) {
        Options o = new Options();
        for (Sample.Option opt : accepted) {
            o.accepted.put(opt.name(), opt);
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'; options are written --name value. "
                        + o.validNames());
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            if (!o.accepted.containsKey(name)) {
                throw new UsageException("unknown option --" + name + ". " + o.validNames());
            }
            if (o.given.put(name, value) != null) {
                throw new UsageException("option --" + name + " is given more than once");
            }
        }
        return o;
    }

    /** Lists the accepted option names for error messages. */
    private String validNames() {
        return "Valid options: " + accepted.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", "));
    }

    /**
     * Returns an option's value, or its default when it was not given.
     *
     * @param name the option name
     * @return the value as text
     * @throws IllegalArgumentException if {@code name} is not an accepted option
     */
    public String string(String name) {
        Sample.Option opt = accepted.get(name);
        if (opt == null) {
            throw new IllegalArgumentException("not an accepted option: " + name);
        }
        return given.getOrDefault(name, opt.defaultValue());
    }

    /**
     * Returns whether the option was given on the command line.
     *
     * @param name the option name
     * @return true if it was given
     */
    public boolean isGiven(String name) {
        return given.containsKey(name);
    }

    /**
     * Returns a positive integer option.
     *
     * @param name the option name
     * @return the value
     * @throws UsageException if the value is not a positive integer
     */
    public int positiveInt(String name) {
        String v = string(name);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " expects a positive integer, got '" + v + "'");
    }

    /**
     * Returns a positive, finite real option.
     *
     * @param name the option name
     * @return the value
     * @throws UsageException if the value is not a positive finite number
     */
    public double positiveReal(String name) {
        String v = string(name);
        try {
            double x = Double.parseDouble(v);
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " expects a positive number, got '" + v + "'");
    }

    /**
     * Returns {@code --seed} as a NumPy seed, which must lie in {@code [0, 2^32 - 1]}.
     *
     * @return the seed
     * @throws UsageException if the value is not an integer in range
     */
    public long numpySeed() {
        String v = string("seed");
        try {
            long s = Long.parseLong(v);
            if (s >= 0 && s <= MAX_NUMPY_SEED) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--seed expects an integer between 0 and 4294967295 (a NumPy seed), got '"
                + v + "'");
    }

    /**
     * Returns {@code --dtype}: {@code float32} or {@code float64}.
     *
     * @return the floating-point type
     * @throws UsageException for any other value
     */
    public DType dtype() {
        String v = string("dtype");
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new UsageException("--dtype expects float32 or float64, got '" + v + "'");
        };
    }

    /**
     * Returns {@code --out}, the chart folder.
     *
     * @return the folder, relative to the working directory unless absolute
     * @throws UsageException if the text is not a valid path
     */
    public Path outDir() {
        String v = string("out");
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new UsageException("--out: not a valid folder name: '" + v + "'");
        }
    }

    /**
     * Resolves {@code --device}, printing the backend chosen when {@code auto} was asked for.
     *
     * @param out where the backend line is printed
     * @return the device to compute on
     * @throws UsageException for an unknown device or one whose backend is not in this build
     */
    public Device device(PrintStream out) {
        String v = string("device").trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            Device d = Device.auto();
            out.println("backend: " + d.describeBackend() + (d.type() == Device.Type.CPU
                    ? " (auto: no CUDA backend is available, using the CPU)" : " (auto)"));
            return d;
        }
        Device d;
        try {
            d = Device.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device expects cpu, auto, cuda or cuda:N, got '" + string("device") + "'");
        }
        if (d.type() == Device.Type.CUDA && Device.auto().type() != Device.Type.CUDA) {
            throw new UsageException("CUDA device requested but the CUDA backend is not available: "
                    + d.describeBackend());
        }
        out.println("backend: " + d.describeBackend());
        return d;
    }

    /**
     * Describes the accepted options with their defaults, one per line, for usage text.
     *
     * @param accepted the options to describe
     * @return indented lines
     */
    public static List<String> describe(List<Sample.Option> accepted) {
        List<String> lines = new ArrayList<>();
        for (Sample.Option o : accepted) {
            lines.add(String.format(Locale.ROOT, "    --%-11s %s (default: %s)", o.name(), o.help(), o.defaultValue()));
        }
        return lines;
    }
}
