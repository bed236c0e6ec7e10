package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code vector-128} surefire execution (see tensor-core's pom), which repeats the suite with
 * {@code -XX:MaxVectorSize=16}: that run must really use 4-lane vectors, which have no register transposes and do
 * not split work between threads the AVX2 way, or it would silently test another width's paths.
 */
class VectorWidth128Test {

    @Test
    void theSuiteRunsWith128BitVectorsAndTheirBlockSizes() {
        assertEquals(128, VectorGemm.VECTOR_BITS);
        assertEquals(4, MicroKernels.V);
        assertEquals(4, VectorGemm.MR);
        assertEquals(8, VectorGemm.NR);
        assertFalse(VectorGemm.SHARES_PACKED_B, "split GEMMs share B on 8-lane species only");
        assertEquals(Integer.MAX_VALUE, new VectorElementKernels().minGatherElementsPerThread(),
                "gathers split on 8-lane species only");
    }
}
