/**
 * Runnable reproductions of the tutorials, one class per example, started from {@code Main}.
 */
module dev.panamax.samples {
    requires dev.panamax.nn;
    requires transitive dev.panamax.tensor;
    requires org.knowm.xchart;
    requires java.desktop;

    exports dev.panamax.samples;
}
