package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void rowMajorAIsReadInPlaceAtAnyWidth() {
        // The 784-input layer's forward product (A = W, 256x784) and its weight gradient (A = dZ, 256x128 against
        // 784 columns): 512-bit species pack both beyond 128 columns, narrower ones never.
        assertTrue(VectorGemm.readsAInPlace(false, 128, 784, 256, 392));
        assertTrue(VectorGemm.readsAInPlace(false, 784, 128, 256, 128));
        assertTrue(VectorGemm.readsAInPlace(false, 4096, 1000, 1000, 500));
        assertFalse(VectorGemm.readsAInPlace(true, 784, 256, 256, 128), "a transposed A is still packed");
        assertFalse(VectorGemm.readsAInPlace(false, 784, 1024, 256, 512), "lda a multiple of 1024 is still packed");
        assertFalse(VectorGemm.readsAInPlace(false, 784, 128, 10, 128), "a small block is still packed");
    }
}
