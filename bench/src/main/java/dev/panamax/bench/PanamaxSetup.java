package dev.panamax.bench;

/** The JVM options of Panamax's benchmark forks and the check that they took effect. */
final class PanamaxSetup {

    /** The Vector API is an incubator module. */
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    /** Panamax's CPU storage is native memory reached through the FFM API. */
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";
    /** Pins Panamax's CPU backend to {@link Workloads#THREADS} threads. */
    static final String THREADS = "-Dpanamax.cpu.threads=" + Workloads.THREADS;

    private PanamaxSetup() {
    }

    /**
     * Fails unless this JVM pins Panamax to {@link Workloads#THREADS} threads, and says so once.
     *
     * @return the thread count
     */
    static int check() {
        Integer threads = Integer.getInteger("panamax.cpu.threads");
        if (threads == null || threads != Workloads.THREADS) {
            throw new IllegalStateException("panamax.cpu.threads must be " + Workloads.THREADS + ", is " + threads);
        }
        System.out.println("[panamax] threads: panamax.cpu.threads=" + threads);
        return threads;
    }
}
