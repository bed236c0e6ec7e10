package io.github.simdnn.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.simdnn.tensor.Blas;
import org.junit.jupiter.api.Test;

/**
 * The layer tests run twice (see this module's pom): at the JVM's preferred width and, with
 * {@code -Dsimdnn.vectorBits=512}, on the 512-bit kernels. This checks that each run uses the kernels it is meant to.
 */
class KernelWidthTest {

    @Test
    void theLayersRunOnTheVectorKernelsOfTheRequestedWidth() {
        String name = Blas.implementation();
        String bits = System.getProperty("simdnn.vectorBits");
        String expected = bits == null ? "vector (" : "vector (" + bits + "-bit";
        assertTrue(name.startsWith(expected), "expected " + expected + "..., got " + name);
    }
}
