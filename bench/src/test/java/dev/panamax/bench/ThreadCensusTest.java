package dev.panamax.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ThreadCensusTest {

    @Test
    void seesThisThreadsCpuTime() {
        assumeTrue(ThreadCensus.available(), "per-thread CPU times need Linux's /proc/self/task");
        assertFalse(ThreadCensus.cpuNanos().isEmpty());
    }
}
