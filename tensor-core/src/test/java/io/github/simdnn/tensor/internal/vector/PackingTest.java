package io.github.simdnn.tensor.internal.vector;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packed layouts themselves, element by element, for every panel height and both storage orders: the register
 * transposes (16×16 for B, 10×16 and 8×16 for A on 16-lane species; 8×8 for B on 8-lane ones) must put each
 * value where the micro-kernels read it, pad partial panels with zeros, and write nothing past the panels (the
 * 10-row transpose may spill into the {@link Packing#A_SLACK} floats after the last panel, which the buffer
 * reserves).
 */
class PackingTest {

    /** A sentinel no packed value or padding zero can equal. */
    private static final float UNWRITTEN = Float.NaN;

    @ParameterizedTest(name = "transposed = {0}")
    @ValueSource(booleans = {false, true})
    void packAPutsEveryValueWhereTheKernelReadsIt(boolean ta) {
        SplittableRandom rnd = new SplittableRandom(ta ? 2 : 1);
        for (int mr : new int[] {10, 8, 6}) {
            for (int mc : new int[] {1, 3, mr - 1, mr, mr + 1, 2 * mr, 3 * mr + 5, 64}) {
                for (int kc : new int[] {1, 7, 15, 16, 17, 31, 32, 33, 128, 257}) {
                    int i0 = 3;
                    int p0 = 5;
                    int rows = i0 + mc;
                    int cols = p0 + kc + 2;
                    int lda = (ta ? rows : cols) + 1;
                    float[] a = GemmOracle.random(rnd, lda * (ta ? cols : rows) + 4);
                    int panels = (mc + mr - 1) / mr;
                    float[] dst = new float[panels * mr * kc + Packing.A_SLACK + 8];
                    Arrays.fill(dst, UNWRITTEN);
                    Packing.packA(ta, a, 4, lda, i0, mc, p0, kc, dst, mr);
                    String where = "packA ta=" + ta + " mr=" + mr + " mc=" + mc + " kc=" + kc;
                    for (int q = 0; q < panels; q++) {
                        for (int p = 0; p < kc; p++) {
                            for (int r = 0; r < mr; r++) {
                                int i = q * mr + r;
                                float expected = i >= mc ? 0f
                                        : ta ? a[4 + (p0 + p) * lda + i0 + i] : a[4 + (i0 + i) * lda + p0 + p];
                                expect(where + " panel " + q + " p " + p + " r " + r, expected,
                                        dst[q * mr * kc + p * mr + r]);
                            }
                        }
                    }
                    expectUnwrittenFrom(where, dst, panels * mr * kc + (mr == 10 ? Packing.A_SLACK : 0));
                }
            }
        }
    }

    @ParameterizedTest(name = "transposed = {0}")
    @ValueSource(booleans = {false, true})
    void packBPutsEveryValueWhereTheKernelReadsIt(boolean tb) {
        SplittableRandom rnd = new SplittableRandom(tb ? 4 : 3);
        int v = MicroKernels.V;
        int nr = 2 * v;
        for (boolean narrowEdge : new boolean[] {false, true}) {
            for (int nc : new int[] {1, v - 1, v, v + 1, nr, nr + 3, 3 * nr + v, 127}) {
                for (int kc : new int[] {1, 15, 16, 17, 33, 128, 257}) {
                    int p0 = 2;
                    int j0 = 3;
                    int rows = p0 + kc;
                    int cols = j0 + nc;
                    int ldb = (tb ? rows : cols) + 3;
                    float[] b = GemmOracle.random(rnd, ldb * (tb ? cols : rows) + 1);
                    int panels = (nc + nr - 1) / nr;
                    int off = 5;   // packB writes from an offset: the shared packed B of split GEMMs holds many blocks
                    // One block alone (panel stride kc) or one block of whole-depth panels (stride > kc).
                    for (int stride : new int[] {kc, kc + 7}) {
                        float[] dst = new float[off + panels * nr * stride + 8];
                        Arrays.fill(dst, UNWRITTEN);
                        Packing.packB(tb, b, 1, ldb, p0, kc, j0, nc, dst, off, nr, stride, narrowEdge);
                        String where = "packB tb=" + tb + " narrowEdge=" + narrowEdge + " nc=" + nc + " kc=" + kc
                                + " stride=" + stride;
                        boolean[] written = new boolean[dst.length];
                        for (int q = 0; q < panels; q++) {
                            int cols0 = Math.min(nr, nc - q * nr);
                            int width = narrowEdge ? Packing.panelWidth(cols0, nr) : nr;
                            for (int p = 0; p < kc; p++) {
                                for (int c = 0; c < width; c++) {
                                    int j = q * nr + c;
                                    float expected = c >= cols0 ? 0f
                                            : tb ? b[1 + (j0 + j) * ldb + p0 + p] : b[1 + (p0 + p) * ldb + j0 + j];
                                    int at = off + q * nr * stride + p * width + c;
                                    expect(where + " panel " + q + " p " + p + " c " + c, expected, dst[at]);
                                    written[at] = true;
                                }
                            }
                        }
                        for (int x = 0; x < dst.length; x++) {
                            if (!written[x]) {
                                expect(where + ": written outside the panels at " + x, UNWRITTEN, dst[x]);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void expectUnwrittenFrom(String where, float[] dst, int from) {
        for (int x = from; x < dst.length; x++) {
            expect(where + ": written past the panels at " + x, UNWRITTEN, dst[x]);
        }
    }

    private static void expect(String where, float expected, float actual) {
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) {
            fail(where + ": expected " + expected + " but was " + actual);
        }
    }
}
