package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.simdnn.tensor.internal.Implementations;
import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code vector-512} surefire execution (see the parent pom), which repeats the kernel tests with
 * {@code -Dsimdnn.vectorBits=512}: on any machine, that run must really use 16-lane vectors and the AVX-512 block
 * sizes (10- and 8-row panels, 16×16 transposes), or an AVX2 machine would never run those paths at all.
 */
class VectorWidth512Test {

    @Test
    void theSuiteRunsWith512BitVectorsAndTheirBlockSizes() {
        assertEquals(512, VectorGemm.VECTOR_BITS);
        assertEquals(16, MicroKernels.V);
        assertEquals(10, VectorGemm.MR);
        assertEquals(32, VectorGemm.NR);
        assertEquals(8, VectorGemm.panelRows(256), "256 rows take 8-row panels, without padding");
        assertEquals(10, VectorGemm.panelRows(10));
        assertEquals(10, VectorGemm.panelRows(30), "30 rows: 10-row panels, no padding; 8-row ones would pad 2");
    }

    @Test
    void theKernelNameSaysWhetherTheWidthIsEmulated() {
        // Emulated exactly when the CPU's own width is narrower: then the name must say so (Blas.implementation).
        boolean emulated = VectorShape.preferredShape().vectorBitSize() < 512;
        assertEquals(emulated ? "vector (512-bit, emulated: wider than the CPU's)" : "vector (512-bit)",
                Implementations.name());
    }
}
