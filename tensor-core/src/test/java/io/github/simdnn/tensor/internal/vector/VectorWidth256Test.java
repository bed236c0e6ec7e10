package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code vector-256} surefire execution (see tensor-core's pom), which repeats the suite with
 * {@code -XX:MaxVectorSize=32}: that run must really use 256-bit vectors and the AVX2 block sizes, or it would
 * silently test the 512-bit paths a second time.
 */
class VectorWidth256Test {

    @Test
    void theSuiteRunsWith256BitVectorsAndTheirBlockSizes() {
        assertEquals(256, VectorGemm.VECTOR_BITS);
        assertEquals(8, MicroKernels.V);
        assertEquals(4, VectorGemm.MR);
        assertEquals(16, VectorGemm.NR);
        assertEquals(4, VectorGemm.panelRows(256), "no 8-row panels without 32 vector registers");
    }
}
