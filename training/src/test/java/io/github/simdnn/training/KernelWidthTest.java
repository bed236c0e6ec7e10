package io.github.simdnn.training;

import io.github.simdnn.tensor.Blas;
import io.github.simdnn.testsupport.KernelWidth;
import org.junit.jupiter.api.Test;

/**
 * The training tests run twice (see the parent pom's vector-512 execution): at the JVM's preferred width and, with
 * {@code -Dsimdnn.vectorBits=512}, on the 512-bit kernels. This checks that each run uses the kernels it is meant to.
 */
class KernelWidthTest {

    @Test
    void trainingRunsOnTheVectorKernelsOfTheRequestedWidth() {
        KernelWidth.check(Blas.implementation());
    }
}
