package dev.panamax.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One runnable tutorial reproduction, registered with the launcher under a kebab-case name.
 */
public interface Sample {

    /**
     * A sample-specific command-line option, written {@code --name value}.
     *
     * @param name the option name without the leading dashes
     * @param defaultValue the value used when the option is absent
     * @param help a short description for the usage text
     */
    record Option(String name, String defaultValue, String help) {
    }

    /**
     * The name the launcher knows the sample by.
     *
     * @return a kebab-case name such as {@code quadratic-numpy}
     */
    String name();

    /**
     * A one-line description for {@code Main list}.
     *
     * @return the description
     */
    String description();

    /**
     * The options this sample accepts besides the common {@code --out} and {@code --device}.
     *
     * @return the options with their defaults
     */
    List<Option> options();

    /**
     * Runs the sample, printing like the tutorial does and writing its chart.
     *
     * @param options the parsed command-line options
     * @param out where to print
     * @throws IOException if the chart cannot be written
     * @throws UsageException if an option value is unusable
     */
    void run(Options options, PrintStream out) throws IOException;
}
