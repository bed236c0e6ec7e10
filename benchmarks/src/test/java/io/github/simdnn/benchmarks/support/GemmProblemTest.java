package io.github.simdnn.benchmarks.support;

import io.github.simdnn.tensor.Transpose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmProblemTest {

    @Test
    void squareSpecSetsAllThreeSizes() {
        GemmProblem p = GemmProblem.parse("NN:127");
        assertEquals(127, p.m());
        assertEquals(127, p.k());
        assertEquals(127, p.n());
        assertTrue(p.square());
        assertEquals(2.0 * 127 * 127 * 127, p.flops());
        assertEquals("NN", p.layout());
    }

    @Test
    void rectangularSpecIsMByKByN() {
        GemmProblem p = GemmProblem.parse("NT:10x128x256");
        assertEquals(10, p.m());
        assertEquals(128, p.k());
        assertEquals(256, p.n());
        assertFalse(p.square());
        assertEquals(2.0 * 10 * 128 * 256, p.flops());
        assertEquals(Transpose.NO, p.transposeA());
        assertEquals(Transpose.YES, p.transposeB());
    }

    @Test
    void storedShapesFollowTheTransposes() {
        // TN 784x256x128: A is stored k×m = 256×784, B is stored k×n = 256×128.
        GemmProblem tn = GemmProblem.parse("TN:784x256x128");
        assertEquals(256, tn.aRows());
        assertEquals(784, tn.lda());
        assertEquals(256, tn.bRows());
        assertEquals(128, tn.ldb());
        assertEquals(784 * 256, tn.newA().length);
        // NT 256x128x784: B is stored n×k = 784×128.
        GemmProblem nt = GemmProblem.parse("NT:256x128x784");
        assertEquals(784, nt.bRows());
        assertEquals(128, nt.ldb());
        assertEquals(784 * 128, nt.newB().length);
    }

    @Test
    void inputsAreReproducibleAndInRange() {
        GemmProblem p = GemmProblem.parse("NN:33");
        float[] a1 = p.newA();
        float[] a2 = p.newA();
        assertEquals(java.util.Arrays.hashCode(a1), java.util.Arrays.hashCode(a2));
        for (float v : a1) {
            assertTrue(v >= -1f && v < 1f, "value out of [-1, 1): " + v);
        }
    }

    @Test
    void malformedSpecsAreRejectedWithTheText() {
        for (String bad : new String[] {"", "NN", "NX:3", "NN:3x4", "NN:0", "nn:4", "NN:1x0x2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmProblem.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") || e.getMessage().contains(bad), e.getMessage());
        }
    }
}
