package io.github.simdnn.benchmarks.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmCheckTest {

    private static final String[] PROBLEMS = {
            "NN:1", "NN:3", "NT:7", "TN:13", "NN:17", "NT:33", "TN:64", "NN:10x256x13", "NT:10x128x31",
            "TN:31x10x17", "NN:127"};

    /** A float i-j-k product written independently of the code under test. */
    private static float[] product(GemmProblem p, float[] a, float[] b) {
        return product(p, a, b, p.k());
    }

    /** The product using only the first {@code terms} of the k products per element. */
    private static float[] product(GemmProblem p, float[] a, float[] b, int terms) {
        float[] c = new float[p.m() * p.n()];
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                float s = 0f;
                for (int q = 0; q < terms; q++) {
                    float aiq = p.transA() ? a[q * p.m() + i] : a[i * p.k() + q];
                    float bqj = p.transB() ? b[j * p.k() + q] : b[q * p.n() + j];
                    s += aiq * bqj;
                }
                c[i * p.n() + j] = s;
            }
        }
        return c;
    }

    @Test
    void acceptsAFloatProductInEveryLayout() {
        for (String spec : PROBLEMS) {
            GemmProblem p = GemmProblem.parse(spec);
            float[] a = p.newA();
            float[] b = p.newB();
            float[] c = product(p, a, b);
            assertDoesNotThrow(() -> GemmCheck.verify("test", p, a, b, c), spec);
        }
    }

    @Test
    void rejectsAProductMissingTheLastTerm() {
        for (String spec : PROBLEMS) {
            GemmProblem p = GemmProblem.parse(spec);
            float[] a = p.newA();
            float[] b = p.newB();
            // Every element lacks its k-th product, as with a kernel that mishandles the K tail.
            float[] c = product(p, a, b, p.k() - 1);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> GemmCheck.verify("test", p, a, b, c), spec);
            assertTrue(e.getMessage().contains("double-precision reference"), e.getMessage());
        }
    }

    @Test
    void rejectsOneWrongElementFarFromTheCorner() {
        GemmProblem p = GemmProblem.parse("TN:31x10x17");
        float[] a = p.newA();
        float[] b = p.newB();
        float[] c = product(p, a, b);
        c[30 * 17 + 16] += 1e-3f;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GemmCheck.verify("test", p, a, b, c));
        assertTrue(e.getMessage().contains("C[30][16]"), e.getMessage());
    }

    @Test
    void rejectsTheTransposedLayoutsResult() {
        // NT and NN on the same square arrays differ: a kernel ignoring transB must fail.
        GemmProblem nn = GemmProblem.parse("NN:31");
        GemmProblem nt = GemmProblem.parse("NT:31");
        float[] a = nn.newA();
        float[] b = nn.newB();
        float[] c = product(nn, a, b);
        assertThrows(IllegalStateException.class, () -> GemmCheck.verify("test", nt, a, b, c));
    }

    @Test
    void rejectsAnUnwrittenElement() {
        GemmProblem p = GemmProblem.parse("NN:17");
        float[] a = p.newA();
        float[] b = p.newB();
        float[] c = product(p, a, b);
        GemmCheck.poison(c);
        c[0] = product(p, a, b)[0];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GemmCheck.verify("test", p, a, b, c));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
