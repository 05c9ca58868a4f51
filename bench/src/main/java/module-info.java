/**
 * JMH benchmarks against OpenBLAS, PyTorch and ND4J.
 *
 * <p>Empty until the performance issue lands.
 */
module dev.panamax.bench {
    requires dev.panamax.samples;
}
