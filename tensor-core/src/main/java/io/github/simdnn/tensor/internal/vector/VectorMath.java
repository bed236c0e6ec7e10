package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh over float arrays, with exp as an inline FMA polynomial.
 *
 * <h2>exp</h2>
 * Cody–Waite range reduction {@code x = n·ln2 + r}, {@code n = round(x/ln2)}, {@code |r| <= ln2/2}, with ln2
 * split into {@link #LN2_HI} (12 significant bits) and {@link #LN2_LO}; {@code e^r} by a degree-5 polynomial
 * fitted minimax in relative error on {@code [-ln2/2, ln2/2]} (fit error 9.5e-8 with the float coefficients);
 * then the scale {@code 2^n} is applied as two factors {@code 2^(n>>1)·2^(n-(n>>1))} built from exponent bits,
 * so every n in {@code [-150, 128]} is exact without overflowing the bit trick: {@code exp(88.7)} (n = 128) is
 * finite and results below {@code 2^-126} underflow gradually. The input is clamped to
 * {@code [-104, 89]} first, which makes everything above {@code ln(Float.MAX_VALUE) = 88.7228} overflow to
 * +Inf and everything below {@code ln(2^-150) = -103.97} round to 0, with no extra select. NaN propagates.
 *
 * <p>Measured relative error against {@link Math#exp}: at most 1.64e-7 (below 3 float ulps) over every one of
 * the 2.24e9 floats in [-87.3, 88.7] (exhaustive run), within the 1e-6 contract.
 *
 * <p>Speed (ExpBenchmark in the benchmarks module, 2048 floats in L1, AVX-512, JDK 25, 2 forks × 5 × 1 s):
 * this kernel 602 ns per call (0.29 ns per element), the Vector API's {@code lanewise(VectorOperators.EXP)} —
 * an Intel SVML stub on x86, max relative error 5.7e-8 on the same inputs, so it meets the contract too —
 * 778 ns (1.29× slower), scalar {@code (float) Math.exp} 10568 ns (17.5× slower). (Before the loop took a
 * {@code scale} factor for sigmoid and tanh it measured 550 ns against EXP's 748, 1.36×.)
 *
 * <h2>Why the polynomial is written out inside the loops</h2>
 * No method of this package takes or returns a vector. C2 inlines the JDK's own Vector API methods whatever
 * the size of the method being compiled ({@code @ForceInline}), but stops inlining ordinary methods once the
 * compilation's IR passes {@code NodeCountInliningCutoff}; one inlined exp is thousands of IR nodes, so a
 * second call of a helper {@code exp(FloatVector)} in the same compilation (a tail, or a kernel inlined into a
 * bigger caller) was left as a call, and every vector crossing it was boxed: 192 bytes per sigmoid call and
 * 1152 per 5×32 softmax, seen with -XX:+PrintInlining and a thread allocation counter. Hence one polynomial
 * per loop, in {@link #exp(int, float, float[], int, float[], int)} and {@link #tanh}, and tails computed by
 * {@link #expScalar} and {@link #tanhScalar}, scalar twins that perform the same float operations in the same
 * order, so an element gets the same bits in a vector lane and in the tail. The scalar tail costs about 2-6 ns
 * per leftover element (exp of 10 floats: 33 ns); a masked vector step chosen by a branch inside the one loop
 * did 10 floats in 13 ns but slowed the whole 2063-float loop from 666 to 946 ns, so the scalar twin stays.
 */
final class VectorMath {

    private static final VectorSpecies<Float> SPECIES = VectorElementKernels.SPECIES;
    private static final int L = SPECIES.length();
    /** Sigmoid runs exp and then 1/(1+e) over blocks of this many elements, so the second pass reads L1. */
    private static final int SIGMOID_BLOCK = 512;

    /** {@code 1/ln 2}. */
    static final float LOG2E = 1.442695f;
    /** High part of ln 2: 2839/4096, 12 significant bits, so {@code n·LN2_HI} is exact for |n| < 2^12. */
    static final float LN2_HI = 0.69311523f;
    /** {@code ln 2 - LN2_HI} rounded to float; the pair is within 1.7e-12 of ln 2. */
    static final float LN2_LO = 3.1946183e-05f;
    /**
     * {@code 1.5·2^23}: adding it to a float of magnitude below 2^22 rounds that float to the nearest integer
     * (ties to even) and leaves the integer in the low mantissa bits.
     */
    static final float ROUND_MAGIC = 12582912f;
    /** Bit pattern of {@link #ROUND_MAGIC}; subtracting it from the bits of {@code t + ROUND_MAGIC} yields round(t). */
    static final int ROUND_MAGIC_BITS = 0x4B400000;
    /** Inputs above this overflow: exp(89) > Float.MAX_VALUE, so the clamped input still yields +Inf. */
    static final float EXP_CLAMP_HI = 89f;
    /** Inputs below this underflow: exp(-104) < 2^-150, half the smallest subnormal, so it rounds to 0. */
    static final float EXP_CLAMP_LO = -104f;

    /** Minimax coefficients of {@code e^r ≈ 1 + r·(C1 + r·(C2 + r·(C3 + r·(C4 + r·C5))))}, |r| <= ln2/2. */
    static final float EXP_C1 = 0.9999997f;
    static final float EXP_C2 = 0.4999915f;
    static final float EXP_C3 = 0.16667636f;
    static final float EXP_C4 = 0.04189793f;
    static final float EXP_C5 = 0.008290315f;

    /**
     * Below this |x|, tanh uses its odd polynomial; above it, {@code 1 - 2/(e^{2|x|} + 1)}, whose cancellation
     * is harmless because tanh(0.625) = 0.555.
     */
    static final float TANH_POLY_LIMIT = 0.625f;
    /**
     * Minimax coefficients (relative error 1.2e-7 on [0, 0.625]) of
     * {@code tanh(x) ≈ x + x³·(T1 + x²·(T2 + x²·(T3 + x²·T4)))}.
     */
    static final float TANH_T1 = -0.33332342f;
    static final float TANH_T2 = 0.13308175f;
    static final float TANH_T3 = -0.051947903f;
    static final float TANH_T4 = 0.015195373f;

    private VectorMath() {
    }

    /**
     * {@code y[i] = e^(scale·x[i])}, relative error <= 1e-6 on [-87.3, 88.7]; {@code scale} is 1 (exp, softmax)
     * or -1 (sigmoid), so {@code scale·x} is exact. {@code y} may be {@code x}.
     */
    static void exp(int n, float scale, float[] x, int xOff, float[] y, int yOff) {
        FloatVector vscale = FloatVector.broadcast(SPECIES, scale);
        FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
        FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
        FloatVector negLn2Hi = FloatVector.broadcast(SPECIES, -LN2_HI);
        FloatVector negLn2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        FloatVector c1 = FloatVector.broadcast(SPECIES, EXP_C1);
        FloatVector c2 = FloatVector.broadcast(SPECIES, EXP_C2);
        FloatVector c3 = FloatVector.broadcast(SPECIES, EXP_C3);
        FloatVector c4 = FloatVector.broadcast(SPECIES, EXP_C4);
        FloatVector c5 = FloatVector.broadcast(SPECIES, EXP_C5);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xOff + i).mul(vscale);
            // Clamp by compare-and-blend: a comparison with NaN is false, so NaN passes through; Java's MIN/MAX
            // would cost extra instructions on x86 for their NaN and -0 rules.
            v = v.blend(EXP_CLAMP_HI, v.compare(VectorOperators.GT, EXP_CLAMP_HI));
            v = v.blend(EXP_CLAMP_LO, v.compare(VectorOperators.LT, EXP_CLAMP_LO));
            FloatVector t = v.fma(log2e, magic);                 // n = round(x/ln2) in the low mantissa bits
            FloatVector nf = t.sub(magic);                       // n as a float, exact
            FloatVector r = nf.fma(negLn2Hi, v);                 // x - n·ln2_hi, one rounding
            r = nf.fma(negLn2Lo, r);                             //   - n·ln2_lo
            FloatVector p = r.fma(c5, c4);
            p = p.fma(r, c3);
            p = p.fma(r, c2);
            p = p.fma(r, c1);
            p = p.fma(r, one);                                   // e^r in [0.707, 1.415]
            IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);   // n in [-150, 128]
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);          // [-75, 64]
            IntVector n2 = ni.sub(n1);                                    // [-75, 64]
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(s1).mul(s2).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = expScalar(scale * x[xOff + i]);
        }
    }

    /** The scalar twin of the loop body of {@link #exp(int, float, float[], int, float[], int)}: the same bits. */
    static float expScalar(float x) {
        float v = x > EXP_CLAMP_HI ? EXP_CLAMP_HI : x;
        v = v < EXP_CLAMP_LO ? EXP_CLAMP_LO : v;
        float t = Math.fma(v, LOG2E, ROUND_MAGIC);
        float nf = t - ROUND_MAGIC;
        float r = Math.fma(nf, -LN2_HI, v);
        r = Math.fma(nf, -LN2_LO, r);
        float p = Math.fma(r, EXP_C5, EXP_C4);
        p = Math.fma(p, r, EXP_C3);
        p = Math.fma(p, r, EXP_C2);
        p = Math.fma(p, r, EXP_C1);
        p = Math.fma(p, r, 1f);
        int ni = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /**
     * Logistic sigmoid {@code y[i] = 1/(1 + e^-x[i])}, in blocks: {@code y = e^-x}, then {@code y = 1/(1 + y)}.
     * It never overflows into NaN: {@code e^-x = +Inf} for x < -88.7 gives exactly 0 (the true value is below
     * 1.2e-38 there), {@code e^-x = 0} gives 1, so every result is in [0, 1]; NaN stays NaN. {@code y} may be
     * {@code x} (the second pass needs only y). Measured relative error at most 2.4e-7 over every float in
     * [-20, 20].
     */
    static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int start = 0; start < n; start += SIGMOID_BLOCK) {
            int len = Math.min(SIGMOID_BLOCK, n - start);
            int yo = yOff + start;
            exp(len, -1f, x, xOff + start, y, yo);
            reciprocalOfOnePlus(len, y, yo);
        }
    }

    /**
     * {@code y[i] = 1/(1 + y[i])}, the second pass of {@link #sigmoid}, with a scalar tail (the same bits): its own
     * method, so that its broadcast of 1 is live neither across the call to exp nor into a masked tail. Each of
     * those made some compiles materialize the broadcast as a 48-byte array per block, the two causes of
     * KernelsAllocationTest's rare failures (see {@link VectorElementKernels}).
     */
    private static void reciprocalOfOnePlus(int n, float[] y, int off) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            one.div(FloatVector.fromArray(SPECIES, y, off + i).add(one)).intoArray(y, off + i);
        }
        for (; i < n; i++) {
            y[off + i] = 1f / (1f + y[off + i]);
        }
    }

    /**
     * {@code y[i] = tanh(x[i])}: an odd minimax polynomial for |x| < {@link #TANH_POLY_LIMIT} (keeps the
     * relative accuracy near 0, where {@code tanh x ≈ x}), otherwise {@code 1 - 2/(e^{2|x|} + 1)}; evaluated on
     * |x| with the sign bit of x put back at the end (tanh is odd, and tanh(-0) = -0). Reaches exactly ±1 once
     * {@code e^{2|x|}} is large (|x| > 9.01) and stays ±1 when it overflows to +Inf. {@code y} may be {@code x}.
     * Measured relative error at most 2.0e-7 over every float in [-20, 20].
     */
    static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
        FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
        FloatVector negLn2Hi = FloatVector.broadcast(SPECIES, -LN2_HI);
        FloatVector negLn2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        FloatVector c1 = FloatVector.broadcast(SPECIES, EXP_C1);
        FloatVector c2 = FloatVector.broadcast(SPECIES, EXP_C2);
        FloatVector c3 = FloatVector.broadcast(SPECIES, EXP_C3);
        FloatVector c4 = FloatVector.broadcast(SPECIES, EXP_C4);
        FloatVector c5 = FloatVector.broadcast(SPECIES, EXP_C5);
        FloatVector t1 = FloatVector.broadcast(SPECIES, TANH_T1);
        FloatVector t2 = FloatVector.broadcast(SPECIES, TANH_T2);
        FloatVector t3 = FloatVector.broadcast(SPECIES, TANH_T3);
        FloatVector t4 = FloatVector.broadcast(SPECIES, TANH_T4);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += L) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
            FloatVector ax = xv.abs();
            FloatVector x2 = ax.mul(ax);
            FloatVector q = x2.fma(t4, t3);
            q = q.fma(x2, t2);
            q = q.fma(x2, t1);
            FloatVector small = q.mul(x2).fma(ax, ax);           // |x| + |x|·x²·q(x²)

            // e = exp(2|x|), the loop body of exp() with scale 2
            FloatVector v = ax.add(ax);
            v = v.blend(EXP_CLAMP_HI, v.compare(VectorOperators.GT, EXP_CLAMP_HI));
            FloatVector t = v.fma(log2e, magic);
            FloatVector nf = t.sub(magic);
            FloatVector r = nf.fma(negLn2Hi, v);
            r = nf.fma(negLn2Lo, r);
            FloatVector p = r.fma(c5, c4);
            p = p.fma(r, c3);
            p = p.fma(r, c2);
            p = p.fma(r, c1);
            p = p.fma(r, one);
            IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = p.mul(s1).mul(s2);

            FloatVector big = one.div(e.add(one)).fma(minusTwo, one);  // 1 - 2/(e+1)
            FloatVector th = small.blend(big, ax.compare(VectorOperators.GE, TANH_POLY_LIMIT));
            IntVector sign = xv.reinterpretAsInts().and(Integer.MIN_VALUE);
            th.reinterpretAsInts().or(sign).reinterpretAsFloats().intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = tanhScalar(x[xOff + i]);
        }
    }

    /** The scalar twin of the loop body of {@link #tanh}: the same bits. */
    static float tanhScalar(float x) {
        float ax = Math.abs(x);
        float x2 = ax * ax;
        float q = Math.fma(x2, TANH_T4, TANH_T3);
        q = Math.fma(q, x2, TANH_T2);
        q = Math.fma(q, x2, TANH_T1);
        float small = Math.fma(q * x2, ax, ax);
        float e = expScalar(ax + ax);
        float big = Math.fma(1f / (e + 1f), -2f, 1f);
        float th = ax >= TANH_POLY_LIMIT ? big : small;
        return Float.intBitsToFloat(Float.floatToRawIntBits(th) | (Float.floatToRawIntBits(x) & Integer.MIN_VALUE));
    }
}
