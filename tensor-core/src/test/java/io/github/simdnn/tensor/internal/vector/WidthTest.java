package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

class WidthTest {

    @Test
    void thePropertyNamesOneOfThreeWidths() {
        assertEquals(VectorShape.S_128_BIT, Width.shape("128"));
        assertEquals(VectorShape.S_256_BIT, Width.shape("256"));
        assertEquals(VectorShape.S_512_BIT, Width.shape(" 512 "));
    }

    @Test
    void anythingElseLeavesThePreferredWidth() {
        for (String value : new String[] {null, "", "64", "1024", "512-bit", "wide"}) {
            assertEquals(VectorShape.preferredShape(), Width.shape(value), String.valueOf(value));
        }
    }

    @Test
    void theKernelsUseTheWidthThePropertyNames() {
        VectorShape expected = Width.shape(System.getProperty(Width.PROPERTY));
        assertEquals(expected.vectorBitSize(), MicroKernels.S.vectorBitSize());
        assertEquals(expected.vectorBitSize(), VectorGemm.VECTOR_BITS);
    }
}
