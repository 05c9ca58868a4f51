package dev.panamax.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Starts the samples: {@code list}, {@code all}, or one sample by name with {@code --name value} options.
 *
 * <p>Exit status: 0 on success, 1 if a sample failed while running, 2 for a bad command line.
 */
public final class Main {

    /** Exit status for success. */
    public static final int OK = 0;
    /** Exit status when a sample fails while running. */
    public static final int FAILED = 1;
    /** Exit status for an unknown sample or option, or an unusable value. */
    public static final int USAGE = 2;

    private static final List<Sample> SAMPLES = List.of(
            new QuadraticNumpy(), new QuadraticAutograd(),
            new LinearModelSample(), new OptimizerComparison(),
            new TwoLayerNumpy(), new TwoLayerAutograd(),
            new MnistSample(MnistSample.Variant.RAW), new MnistSample(MnistSample.Variant.LINEAR),
            new MnistSample(MnistSample.Variant.OPTIM),
            new CubicNumpy(), new CubicTensor(), new CubicAutograd(), new CubicNn(),
            new CubicNn(CubicNn.Update.RMSPROP), new CubicModule());

    private Main() {
    }

    /**
     * Runs the launcher and exits with its status.
     *
     * @param args {@code list}, {@code all [--out DIR] [--device D]}, or {@code <sample> [--option value ...]}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the launcher, printing output and errors to {@code out}.
     *
     * @param args the command line
     * @param out where to print
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out) {
        return run(args, out, out);
    }

    /**
     * Runs the launcher without exiting.
     *
     * @param args the command line
     * @param out where normal output goes
     * @param err where error messages and usage text go
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("no sample given.");
            usage(err);
            return USAGE;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (command) {
                case "list" -> {
                    if (!rest.isEmpty()) {
                        throw new UsageException("list takes no options");
                    }
                    list(out);
                }
                case "help", "-h", "--help" -> usage(out);
                case "all" -> {
                    if (!runAll(rest, out, err)) {
                        return FAILED;
                    }
                }
                default -> {
                    Sample sample = find(command);
                    sample.run(Options.parse(rest, accepted(sample)), out);
                }
            }
            return OK;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + command + " failed: " + e);
            return FAILED;
        }
    }

    /**
     * Returns the registered samples, in the order {@code list} and {@code all} use.
     *
     * @return the samples
     */
    public static List<Sample> samples() {
        return SAMPLES;
    }

    /** Finds a sample by name or reports the valid names. */
    private static Sample find(String name) {
        for (Sample s : SAMPLES) {
            if (s.name().equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new UsageException("unknown sample '" + name + "'. Valid samples: " + names()
                + " (or: list, all, help)");
    }

    /** The comma-separated sample names. */
    private static String names() {
        return SAMPLES.stream().map(Sample::name).collect(Collectors.joining(", "));
    }

    /** A sample's own options followed by the common ones. */
    private static List<Sample.Option> accepted(Sample sample) {
        List<Sample.Option> all = new ArrayList<>(sample.options());
        all.addAll(Options.COMMON);
        return all;
    }

    /**
     * Runs every sample with its defaults; only the common options may be given. A sample that fails
     * (e.g. MNIST without its data) is reported and the others still run.
     *
     * @return whether every sample succeeded
     */
    private static boolean runAll(List<String> args, PrintStream out, PrintStream err) {
        Options common = Options.parse(args, Options.COMMON);
        // Check the device once, before any sample runs.
        common.device(new PrintStream(OutputStream.nullOutputStream()));
        List<String> failed = new ArrayList<>();
        for (Sample s : SAMPLES) {
            List<String> sampleArgs = new ArrayList<>();
            for (Sample.Option o : Options.COMMON) {
                if (common.isGiven(o.name())) {
                    sampleArgs.add("--" + o.name());
                    sampleArgs.add(common.string(o.name()));
                }
            }
            out.println("== " + s.name() + " ==");
            try {
                s.run(Options.parse(sampleArgs, accepted(s)), out);
            } catch (IOException | RuntimeException e) {
                err.println("error: " + s.name() + " failed: " + e.getMessage());
                failed.add(s.name());
            }
        }
        if (!failed.isEmpty()) {
            err.println("error: " + failed.size() + " sample(s) failed: " + String.join(", ", failed));
        }
        return failed.isEmpty();
    }

    /** Prints the samples with their descriptions. */
    private static void list(PrintStream out) {
        for (Sample s : SAMPLES) {
            out.printf(Locale.ROOT, "%-16s %s%n", s.name(), s.description());
        }
    }

    /** Prints how to call the launcher and every sample's options. */
    private static void usage(PrintStream out) {
        out.println("usage: Main list | Main all [--out DIR] [--device cpu|auto|cuda] | Main <sample> [--option value ...]");
        out.println("common options:");
        Options.describe(Options.COMMON).forEach(out::println);
        for (Sample s : SAMPLES) {
            out.println(s.name() + ": " + s.description());
            Options.describe(s.options()).forEach(out::println);
        }
    }
}
