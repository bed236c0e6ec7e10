package io.github.simdnn.tensor.internal.vector;

import io.github.simdnn.tensor.internal.GemmKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked GEMM on the Vector API, after BLIS: five loops around a register-blocked micro-kernel
 * ({@link MicroKernels}), with op(A) and op(B) packed into contiguous micro-panels so that every transpose is
 * absorbed by packing and the micro-kernel always streams memory in order.
 *
 * <pre>
 * for i0 in [0, m) step MC                       loop 5: rows of C; the packed A block (MC×KC) lives in L2/L3
 *   for p0 in [0, k) step kc                     loop 4: the reduction in equal blocks kc <= KC ({@link #reductionBlock}), never split between threads
 *     pack op(A)[i0:i0+MC, p0:p0+kc] into MR-row micro-panels (or, for narrow products, read A in place: {@link #readsAInPlace})
 *     for j0 in [0, n) step NC                   loop 3: columns of C; the packed B block (KC×NC) lives in L2/L3
 *       pack op(B)[p0:p0+kc, j0:j0+NC] into NR-column micro-panels (or, for a few rows of A, read B in place and swap loops 2 and 1: {@link #readsBInPlace})
 *       for ir in [0, MC) step MR                loop 2: one A micro-panel (MR×KC) stays in L1
 *         for jr in [0, NC) step NR              loop 1: B micro-panels stream from L2
 *           micro-kernel: C[ir:ir+MR, jr:jr+NR] = alpha·Apanel·Bpanel + beta'·C   (beta' = beta for p0 = 0, else 1)
 * </pre>
 *
 * <h2>Block sizes (this machine kind: 32 KiB L1d, 1 MiB L2 per core, 32 MiB L3 shared)</h2>
 * <ul>
 *   <li>MR×NR = 10×32 on AVX-512: 20 accumulators + 2 B vectors + 1 broadcast = 23 of the 32 registers; 8×32
 *       for row counts that 8 divides better ({@link #panelRows}). Measured alone with its panels in cache, the
 *       10×32 kernel runs at 99% of the FMA peak, as do 12×32 and 14×32; 10 rows fit the 10-class output layer of
 *       an MLP exactly, where 12 would compute 2 padding rows (NT 10×128×256: 41% of peak with MR = 10, 36% with
 *       MR = 12).</li>
 *   <li>MR×NR = 4×16 on AVX2 (16 registers): 8 accumulators, the 8 independent FMA chains that two FMA pipes of
 *       latency 4 need. The textbook 6×16 (12 + 2 + 1 = 15 registers) does not survive C2: it hoists three
 *       broadcasts at once, spills an accumulator to the stack and carries it through memory on every step.
 *       Measured alone with its panels in L1 (Zen 3, one core): 6×16 38–42% of peak, 5×16 35%, 4×24 42% (all
 *       spilling), 4×16 67–96% (no spill; the spread is between JVMs), 3×24 68%; 4×16 unrolled by 2 or 4 spills
 *       again or measures no better.</li>
 *   <li>{@link #KC} = 512: the A micro-panel (MR·KC·4 B = 20 KiB on AVX-512, 8 KiB on AVX2) is reused for every
 *       B panel and stays in L1; each B micro-panel (KC·NR·4 B = 64 KiB, 32 KiB) is read once per A panel and
 *       streams from L2 at 128 B per 20 FMAs on AVX-512 (64 B per 8 on AVX2), within what L2 delivers. A longer
 *       KC amortizes the C tile load/store over more FMAs (MR·NR·KC FMAs per 2·MR·NR/V vector loads and stores of
 *       C). Measured against KC = 256 in one session, one thread:
 *       NT 1024³ 3–4% faster, NN 1024³ 1–2%, 2048³ 1–3%, the MLP's 256×128×784 forward product (two blocks of 392
 *       instead of four of 196) 2–3%; TN unchanged.</li>
 *   <li>{@link #NC} = 512 columns: the packed B block is KC·NC·4 B = 1 MiB, the size of L2, so part of it is
 *       re-read from L3 for each A panel; L3 supplies the 6.4 B per cycle the kernel needs. Halving NC to keep the
 *       block in L2 measured no better (1024³: NN +0–2%, NT −1%, TN −2%), and every B block costs a pass over
 *       C.</li>
 *   <li>{@link #MC} = 1200 rows (a multiple of 10, 8 and 4): the packed A block is MC·KC·4 B = 2.4 MiB, shared L3
 *       space; it is re-read once per B block, so it only needs to stay in L3.</li>
 * </ul>
 * Edge tiles (fewer than MR rows or NR columns left) are computed by the same kernel on zero-padded panels into a
 * scratch tile and merged with the same arithmetic; a last B panel of at most V columns goes to a one-vector kernel
 * instead (packed A and B packed per block only: {@link #macroKernel}), so every element of C goes through one FMA
 * chain over p in order: results do not depend on where tiles start, and so not on how threads split C.
 *
 * <p>For n = 1 (matrix-vector products, single-sample inference) packing does not pay: {@link VectorGemv} runs.
 * On 8-lane species an NT product with at most NR rows is computed as its transpose ({@link #computesTransposed}).
 *
 * <p>Split along C's rows between threads, every part needs all of op(B). On 8-lane species the threads pack it
 * once, a share each, into one buffer ({@link #sharedPackedBSize}, {@link #packB}) and compute their rows from it
 * ({@link #gemmPackedB}), instead of each packing all of it ({@link #SHARES_PACKED_B} says why only there). The
 * same layout is a caller's {@code PanelMatrix}, which {@link #gemmPackedB} reads on every species.
 *
 * <p>Packing buffers are per thread and grow to the largest problem seen, so the steady state allocates nothing.
 */
public final class VectorGemm implements GemmKernel {

    static final VectorSpecies<Float> SPECIES = MicroKernels.S;
    static final int V = MicroKernels.V;
    /** Width of the kernels' species in bits ({@link Width}: the preferred one, 512 on AVX-512). */
    public static final int VECTOR_BITS = SPECIES.vectorBitSize();
    /** Rows of the register block: 10 when the ISA has 32 vector registers (512-bit species), else 4. */
    static final int MR = VECTOR_BITS >= 512 ? 10 : 4;
    /**
     * The other register block height on 512-bit species, 8×32 (16 accumulators), for row counts that 8 divides
     * with less padding than 10: see {@link #panelRows}. MC is a multiple of both heights.
     */
    static final int MR_EVEN = 8;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * V;
    /** Reduction block: see the class comment. */
    static final int KC = 512;
    /** Columns of the packed B block (a multiple of NR). */
    static final int NC = 512;
    /** Rows of the packed A block (a multiple of MR). */
    static final int MC = 1200;

    /** The plan of a matrix-vector product; a blocked product's plan is its panel height ({@link #panelRows}). */
    static final int PLAN_GEMV = 1;

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    @Override
    public int plan(boolean transA, boolean transB, int m, int n, int k) {
        return n == 1 ? PLAN_GEMV : panelRows(m);
    }

    /**
     * The micro-panel height for a product with m rows: {@link #MR}, or on 512-bit species {@link #MR_EVEN} when
     * that leaves fewer padding rows in the last panel. A padded panel is computed in full into a scratch tile and
     * merged element by element, so for the 256 rows of an MLP's hidden layer 10-row panels waste 1.5% of the
     * FMAs plus the merges (25 full panels and one of 6 rows), while 8-row panels fit exactly. Measured against
     * 10-row panels in one session on the 784-256-10 step at batch 128, one thread: the forward product
     * (256×128×784) 5% faster, the weight gradient (256×784×128) 2.5–3%, the whole step 3.4–4.8%. Ties go to 10
     * rows (fewer B-panel passes per A block). The height does not change any element's arithmetic (one FMA chain
     * over p either way), and threads split rows in multiples of it ({@link #rowGrain}).
     */
    static int panelRows(int m) {
        if (MR != 10) {
            return MR;
        }
        return roundUp(m, MR_EVEN) - m < roundUp(m, MR) - m ? MR_EVEN : MR;
    }

    @Override
    public int rowGrain(int plan) {
        return plan == PLAN_GEMV ? MR : plan;
    }

    @Override
    public int colGrain() {
        return NR;
    }

    @Override
    public void gemm(int plan, boolean ta, boolean tb, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        Workspace ws = workspaces.get();
        if (plan == PLAN_GEMV) {
            VectorGemv.gemv(ta, tb, m, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            return;
        }
        if (computesTransposed(ta, tb, m, n, k, ldb)) {
            gemmTransposed(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
            return;
        }
        blocked(plan, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, ws);
    }

    /** Whether {@link #computesTransposed} may apply: on 8-lane species only, where it was measured. */
    static final boolean TRANSPOSES_SMALL_NT = V == 8;

    /** Largest Cᵀ that {@link #gemmTransposed} holds in its scratch buffer: 2^16 floats (256 KiB). */
    static final int TRANSPOSED_MAX_FLOATS = 1 << 16;

    /**
     * Whether {@code C = alpha·A·Bᵀ + beta·C} with at most NR rows is computed as its transpose
     * {@code Cᵀ = B·Aᵀ} ({@link #gemmTransposed}). The direct form packs op(B) = Bᵀ, a transpose of all of B, for
     * a few A panels; the transposed form reads B in place as its A (four streams per 4-row panel) and packs only
     * the small A, at the price of padding its m columns to one NR-wide panel. Measured on an AVX2 host (Zen 3,
     * best of thousands of calls, JVMs alternated): the weight gradient of a 10-class output layer, NT 10×128×256,
     * 1.2× faster (32 → 39 GFLOP/s); NT 16×256×300 1.7× (44 → 75), 12×512×512 1.45× (41 → 60); 4×128×784 the
     * same (a 16-wide panel for 4 columns). Only with one reduction block (k ≤ KC), where the
     * merge below rounds exactly as the direct form's kernels do; and A must be one that
     * {@link #readsAInPlace} reads in place as the transposed product's A. On 512-bit species the 10-row panels
     * already fit m = 10 and NR = 32 would pad 10 columns to 32, so the direct form stays.
     */
    static boolean computesTransposed(boolean ta, boolean tb, int m, int n, int k, int ldb) {
        return TRANSPOSES_SMALL_NT && !ta && tb && m <= NR && k <= KC && (long) m * n <= TRANSPOSED_MAX_FLOATS
                && readsAInPlace(false, m, ldb, Math.min(MC, roundUp(n, MR)), k);
    }

    /**
     * {@code C = alpha·A·Bᵀ + beta·C} (A m×k, B n×k, both row-major) as {@code T = alpha·B·Aᵀ} into a scratch
     * n×m, then {@code C[i][j] = T[j][i] + beta·C[i][j]} (C not read when beta = 0). Each T[j][i] is the same FMA
     * chain over p times alpha as the direct form's C[i][j] (the products' operands swapped, which an FMA does not
     * see), and the merge is the direct form's {@code alpha·acc + beta·C}: the same bits.
     */
    private static void gemmTransposed(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                                       int bOff, int ldb, float beta, float[] c, int cOff, int ldc, Workspace ws) {
        float[] t = ws.transposed(n * m);
        blocked(panelRows(n), false, true, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, null, 0f, t, 0, m, ws);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = t[j * m + i];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] = t[j * m + i] + c[ci + j] * beta;
                }
            }
        }
    }

    /**
     * Largest op(B) that split GEMMs pack once into a shared buffer ({@link #sharedPackedBSize}): 2^19 floats
     * (2 MiB), which holds the 784×512 input of an MLP's first layer at batch 512 (401,408 floats). Beyond it each
     * block of rows packs its own B as before: the buffer stays small next to the caches, and a product that large
     * amortizes its packing over many FMAs anyway.
     */
    static final int SHARED_B_MAX_FLOATS = 1 << 19;

    /**
     * Smallest op(B) worth sharing: 2^14 floats, a few microseconds of packing, while sharing costs the threads one
     * more round (1–2 µs to hand parts over and wait). So dA = Wᵀ·dZ of a 10-class output layer (TN 256×10×128,
     * split by rows, B of 10×128) packs its B in each part.
     */
    static final int SHARED_B_MIN_FLOATS = 1 << 14;

    /**
     * Whether split GEMMs share one packed B: on 8-lane species only, where it was measured. There (Zen 3, AVX2)
     * packing B is an 8×8-tile transpose or a copy that each part used to repeat in full, and sharing made the
     * 784-256-10 two-thread step 4% faster. On AVX-512 (Zen 4, an earlier round; see docs/performance.md, "Tried and
     * dropped") each product measured 15–23% slower with one shared B: its packing is cheap there, and reading
     * what the other core packed crosses between the cores' caches.
     */
    static final boolean SHARES_PACKED_B = V == 8;

    /**
     * A blocked plan's op(B) packed whole: ceil(n/NR) panels of NR columns (the last zero-padded, none narrow), each
     * of the whole depth k, op(B)[p][j] at {@code (j/NR)·NR·k + p·NR + j%NR} ({@link #packedBWidth}): k·roundUp(n, NR)
     * floats. Every k-block of a panel (kc steps from p0) is then the contiguous kc×NR panel the kernels read.
     */
    @Override
    public int sharedPackedBSize(int plan, boolean tb, int n, int k) {
        if (!SHARES_PACKED_B || plan == PLAN_GEMV || k == 0) {
            return 0;
        }
        long size = (long) k * roundUp(n, NR);
        return size >= SHARED_B_MIN_FLOATS && size <= SHARED_B_MAX_FLOATS ? (int) size : 0;
    }

    /** One piece per k-block and NR-column panel. */
    @Override
    public int packedBPieces(int plan, int n, int k) {
        return Math.ceilDiv(k, reductionBlock(k)) * Math.ceilDiv(n, NR);
    }

    @Override
    public void packB(int plan, boolean tb, int n, int k, float[] b, int bOff, int ldb, float[] packed, int from,
                      int to) {
        int kcMax = reductionBlock(k);
        int panels = Math.ceilDiv(n, NR);
        // Panels of one k-block in one call: a row-major B is then read row by row (Packing.packWholePanelsByRow).
        for (int piece = from; piece < to; ) {
            int block = piece / panels;
            int firstPanel = piece % panels;
            int endPanel = Math.min(panels, firstPanel + (to - piece));
            int p0 = block * kcMax;
            int kc = Math.min(kcMax, k - p0);
            int j0 = firstPanel * NR;
            int nc = Math.min(n, endPanel * NR) - j0;
            Packing.packB(tb, b, bOff, ldb, p0, kc, j0, nc, packed, j0 * k + p0 * NR, NR, k, false);
            piece += endPanel - firstPanel;
        }
    }

    @Override
    public int packedBWidth() {
        return NR;
    }

    /**
     * The blocked product from {@code packed}; a matrix-vector plan (n = 1) reads the one packed column, at
     * {@code packedOff + p·NR}, as a vector of stride NR, so the values are those of {@link #gemm} for every n.
     */
    @Override
    public void gemmPackedB(int plan, boolean ta, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                            float[] packed, int packedOff, float beta, float[] c, int cOff, int ldc) {
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        Workspace ws = workspaces.get();
        if (plan == PLAN_GEMV) {
            VectorGemv.gemv(ta, false, m, k, alpha, a, aOff, lda, packed, packedOff, NR, beta, c, cOff, ldc, ws);
            return;
        }
        blocked(plan, ta, false, m, n, k, alpha, a, aOff, lda, null, packedOff, 0, packed, beta, c, cOff, ldc, ws);
    }

    /**
     * The five loops with {@code mr}-row panels. B is packed block by block into the workspace, or, when
     * {@code sharedB} is given, read from that buffer ({@link #sharedPackedBSize}'s layout) from offset
     * {@code bOff}; {@code b} and {@code ldb} are then unused (b null).
     */
    private static void blocked(int mr, boolean ta, boolean tb, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] sharedB,
                                float beta, float[] c, int cOff, int ldc, Workspace ws) {
        int mcMax = Math.min(MC, roundUp(m, mr));
        int ncMax = Math.min(NC, roundUp(n, NR));
        int kcMax = reductionBlock(k);
        float[] packA = ws.packA(mcMax * kcMax + Packing.A_SLACK);
        float[] packB = sharedB != null ? sharedB : ws.packB(kcMax * ncMax);
        // A B block packed here holds panels of kc steps; the shared layout's panels run the whole depth k.
        int bStride = sharedB != null ? k : kcMax;
        float[] tile = ws.tile(mr * NR);
        boolean directA = readsAInPlace(ta, n, lda, mcMax, kcMax);
        boolean directB = sharedB == null && !directA && readsBInPlace(tb, m, ldb, mr);
        // A narrow last panel only for macroKernel, which has the one-vector kernels; the direct-A kernels read
        // 2V-wide panels, and so does the shared layout, whatever each block of rows then reads A with.
        boolean narrowEdge = sharedB == null && !directA;
        for (int i0 = 0; i0 < m; i0 += MC) {
            int mc = Math.min(MC, m - i0);
            int fullRows = mc / mr * mr;
            for (int p0 = 0; p0 < k; p0 += kcMax) {
                int kc = Math.min(kcMax, k - p0);
                float betaBlock = p0 == 0 ? beta : 1f;
                if (!directA) {
                    Packing.packA(ta, a, aOff, lda, i0, mc, p0, kc, packA, mr);
                } else if (fullRows < mc) {
                    // Only the last, partial panel is packed (zero-padded to MR rows); full panels are read in place.
                    Packing.packA(ta, a, aOff, lda, i0 + fullRows, mc - fullRows, p0, kc, packA, mr);
                }
                for (int j0 = 0; j0 < n; j0 += NC) {
                    int nc = Math.min(NC, n - j0);
                    if (directB) {
                        macroKernelDirectB(mr, mc, nc, kc, alpha, packA, b, bOff + p0 * ldb + j0, ldb, packB,
                                betaBlock, c, cOff + i0 * ldc + j0, ldc, tile);
                        continue;
                    }
                    int bBlock;
                    if (sharedB == null) {
                        Packing.packB(tb, b, bOff, ldb, p0, kc, j0, nc, packB, 0, NR, kcMax, narrowEdge);
                        bBlock = 0;
                    } else {
                        bBlock = bOff + j0 * k + p0 * NR;
                    }
                    if (directA) {
                        macroKernelDirectA(mr, mc, nc, kc, alpha, a, aOff + i0 * lda + p0, lda, packA, packB, bBlock,
                                bStride, betaBlock, c, cOff + i0 * ldc + j0, ldc, tile);
                    } else {
                        macroKernel(mr, mc, nc, kc, alpha, packA, packB, bBlock, bStride, narrowEdge, betaBlock, c,
                                cOff + i0 * ldc + j0, ldc, tile);
                    }
                }
            }
        }
    }

    /**
     * The reduction block for a product of depth k: k split into ceil(k / KC) equal blocks (the last shorter by
     * less than one step), e.g. 784 = 2 × 392 rather than 512 + 272, and 1025 = 3 × 342 (the last 341) rather than
     * 2 × 512 + 1. A thin last block costs nearly a full block's C-tile loads and stores and packing overhead for a
     * few FMAs. Depends on k alone, so the arithmetic
     * of each element of C is the same however C is split between threads.
     */
    static int reductionBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /**
     * Widest product (columns of C) for which A is read in place rather than packed: four NR panels (128 columns)
     * with the 10- and 8-row panels of 32-register ISAs, no limit with 4-row panels. See {@link #readsAInPlace}.
     */
    static final int DIRECT_A_MAX_N = MR == 4 ? Integer.MAX_VALUE : 4 * NR;

    /** Smallest A block (rows × reduction block, in floats) for which reading A in place pays: 64 KiB. */
    static final int DIRECT_A_MIN_BLOCK = 1 << 14;

    /**
     * Whether to read a row-major A in place ({@code MicroKernels.kernel..DirectA..}) instead of packing it. Packing
     * A costs a read of A and a write and re-read of the packed block, repaid by every B panel that reuses it; with
     * few B panels (n ≤ {@link #DIRECT_A_MAX_N}) and a large block it does not pay. Measured on the 784-256-10
     * forward product (256×784 · 784×n): n = 32 26% faster, n = 64 12%, n = 128 3–5% (2% of a training step), n =
     * 256 no difference; with 25 B panels (the 256×128 · 128×784 weight gradient) and at 1024³ in-place reading was
     * 5–6% slower, and on a small A (the 10-row output layer) 0–7% slower, hence the limits. A leading dimension that
     * is a multiple of 1024 floats would put the ten rows of a panel in one 8-way L1 set, so such A is packed.
     *
     * <p>Those figures are for 512-bit species, where packing A is a register transpose ({@link Packing#packA}).
     * Narrower species pack A element by element, a cost no number of B panels repays, while their 4-row panels
     * read in place are only four streams of A: with no width limit, one JVM alternating the two rules call by call
     * on an AVX2 host (Zen 3) measured the 784-256-10 training step at batch 128 1.17–1.20× faster than packing
     * beyond 64 columns (1.14–1.16× of it from the 128-column forward product, the rest from the 784-column weight
     * gradient), NN 256×784×256 1.14×, 1000³ 1.02×, 2000×500×2000 1.03× (best of several hundred calls each).
     */
    static boolean readsAInPlace(boolean ta, int n, int lda, int mc, int kc) {
        return !ta && n <= DIRECT_A_MAX_N && (long) mc * kc >= DIRECT_A_MIN_BLOCK && lda % 1024 != 0;
    }

    /**
     * Most A panels for which a row-major B is read in place ({@link #readsBInPlace}): 3, the 10 rows of an MLP's
     * output layer in 4-row panels.
     */
    static final int DIRECT_B_MAX_PANELS = 3;

    /**
     * Whether {@link #readsBInPlace} may apply: on 8-lane species only, where it was measured (an AVX2 host). On
     * AVX-512 an MLP's 10-row output layer is one 10-row panel, so B would be read once either way, but the one
     * B-in-place rule measured there (the 784-input forward product, 26 panels) was 12% slower: unmeasured for a
     * few panels, it stays off.
     */
    static final boolean READS_B_IN_PLACE = V == 8;

    /**
     * Whether to read a row-major B in place ({@code MicroKernels.kernel..DirectB..}) instead of packing it: when
     * op(A) has at most {@link #DIRECT_B_MAX_PANELS} panels of rows, each B panel is read that many times, and
     * packing it (a read, a write and the re-reads) costs more than reading it in place. Measured on an AVX2 host
     * (Zen 3, 4-row panels, best of thousands of calls, alternating JVMs): the output layer's forward product NN
     * 10×256·256×128 1.5–1.7× faster (35 → 53–59 GFLOP/s), 10×784·784×128 1.46×, 12×512·512×512 1.25–2×,
     * 4×1000·1000×1000 2.1×, 10×1000·1000×1000 1.35×, 7×300·300×77 1.45×; the 784-256-10 training step, of which
     * that first product is under 2%, within noise. A leading dimension that is a multiple of 1024 floats would
     * put every row of a B panel in one L1 set, so such B is packed.
     */
    static boolean readsBInPlace(boolean tb, int m, int ldb, int mr) {
        return READS_B_IN_PLACE && !tb && m <= DIRECT_B_MAX_PANELS * mr && ldb % 1024 != 0;
    }

    /**
     * Loops 2 and 1 with B read in place (row-major op(B) = B, the block's rows p at {@code bBlock + p·ldb}),
     * columns outside rows: each B panel is read by every A panel while it is still in cache. A last panel of fewer
     * than NR columns is packed into {@code packB} (zero-padded), so no load runs past the end of a row of B.
     */
    private static void macroKernelDirectB(int panel, int mc, int nc, int kc, float alpha, float[] packA, float[] b,
                                           int bBlock, int ldb, float[] packB, float beta, float[] c, int cOff,
                                           int ldc, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            if (nr < NR) {
                Packing.packB(false, b, bBlock, ldb, 0, kc, jr, nr, packB, 0, NR, kc, false);
            }
            for (int ir = 0; ir < mc; ir += panel) {
                int mr = Math.min(panel, mc - ir);
                int aPanel = ir * kc;
                int cTile = cOff + ir * ldc + jr;
                if (nr < NR) {
                    kernel(panel, 2, kc, packA, aPanel, packB, 0, tile, 0, NR, 1f, 0f);
                    mergeTile(tile, mr, nr, alpha, beta, c, cTile, ldc);
                } else if (mr == panel) {
                    kernelDirectB(panel, kc, packA, aPanel, b, bBlock + jr, ldb, c, cTile, ldc, alpha, beta);
                } else {
                    kernelDirectB(panel, kc, packA, aPanel, b, bBlock + jr, ldb, tile, 0, NR, 1f, 0f);
                    mergeTile(tile, mr, nr, alpha, beta, c, cTile, ldc);
                }
            }
        }
    }

    private static void kernelDirectB(int mr, int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float[] c,
                                      int cOff, int ldc, float alpha, float beta) {
        assert mr == 4 : mr + "-row panels";
        if (beta == 0f) {
            MicroKernels.kernel4x2DirectBOverwrite(kc, a, aOff, b, bOff, ldb, c, cOff, ldc, alpha);
        } else {
            MicroKernels.kernel4x2DirectBAccumulate(kc, a, aOff, b, bOff, ldb, c, cOff, ldc, alpha, beta);
        }
    }

    /**
     * Loops 2 and 1 with A read in place (row-major op(A) = A): full mr-row panels of the block at {@code aBlock}
     * go to the direct-A kernels; the last, partial panel is in {@code packA} (zero-padded). B panel q of the block
     * starts at {@code bBlock + q·NR·bStride}.
     */
    private static void macroKernelDirectA(int panel, int mc, int nc, int kc, float alpha, float[] a, int aBlock,
                                           int lda, float[] packA, float[] packB, int bBlock, int bStride, float beta,
                                           float[] c, int cOff, int ldc, float[] tile) {
        for (int ir = 0; ir < mc; ir += panel) {
            int mr = Math.min(panel, mc - ir);
            int aPanel = aBlock + ir * lda;
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bPanel = bBlock + jr * bStride;
                if (mr == panel && nr == NR) {
                    kernelDirectA(panel, kc, a, aPanel, lda, packB, bPanel, c, cOff + ir * ldc + jr, ldc, alpha, beta);
                } else {
                    if (mr == panel) {
                        kernelDirectA(panel, kc, a, aPanel, lda, packB, bPanel, tile, 0, NR, 1f, 0f);
                    } else {
                        kernel(panel, 2, kc, packA, 0, packB, bPanel, tile, 0, NR, 1f, 0f);
                    }
                    mergeTile(tile, mr, nr, alpha, beta, c, cOff + ir * ldc + jr, ldc);
                }
            }
        }
    }

    private static void kernelDirectA(int mr, int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c,
                                      int cOff, int ldc, float alpha, float beta) {
        if (mr == 10) {
            if (beta == 0f) {
                MicroKernels.kernel10x2DirectAOverwrite(kc, a, aOff, lda, b, bOff, c, cOff, ldc, alpha);
            } else {
                MicroKernels.kernel10x2DirectAAccumulate(kc, a, aOff, lda, b, bOff, c, cOff, ldc, alpha, beta);
            }
        } else if (mr == 8) {
            if (beta == 0f) {
                MicroKernels.kernel8x2DirectAOverwrite(kc, a, aOff, lda, b, bOff, c, cOff, ldc, alpha);
            } else {
                MicroKernels.kernel8x2DirectAAccumulate(kc, a, aOff, lda, b, bOff, c, cOff, ldc, alpha, beta);
            }
        } else if (beta == 0f) {
            MicroKernels.kernel4x2DirectAOverwrite(kc, a, aOff, lda, b, bOff, c, cOff, ldc, alpha);
        } else {
            MicroKernels.kernel4x2DirectAAccumulate(kc, a, aOff, lda, b, bOff, c, cOff, ldc, alpha, beta);
        }
    }

    /**
     * Loops 2 and 1 over one packed A block and one packed B block (panel q at {@code bBlock + q·NR·bStride}). With
     * {@code narrowEdge}, a
     * last B panel of at most V columns is packed V wide ({@link Packing#panelWidth}) and computed by the one-vector
     * kernels, instead of a two-vector kernel of which half the columns are padding: the weight gradient of a
     * 784-input layer (784 = 24·32 + 16) measured 2% faster.
     */
    private static void macroKernel(int panel, int mc, int nc, int kc, float alpha, float[] packA, float[] packB,
                                    int bBlock, int bStride, boolean narrowEdge, float beta, float[] c, int cOff,
                                    int ldc, float[] tile) {
        for (int ir = 0; ir < mc; ir += panel) {
            int mr = Math.min(panel, mc - ir);
            int aPanel = ir * kc;
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bPanel = bBlock + jr * bStride;
                int vectors = narrowEdge && nr <= V ? 1 : 2;
                if (mr == panel && nr == vectors * V) {
                    kernel(panel, vectors, kc, packA, aPanel, packB, bPanel, c, cOff + ir * ldc + jr, ldc, alpha, beta);
                } else {
                    kernel(panel, vectors, kc, packA, aPanel, packB, bPanel, tile, 0, NR, 1f, 0f);
                    mergeTile(tile, mr, nr, alpha, beta, c, cOff + ir * ldc + jr, ldc);
                }
            }
        }
    }

    /**
     * The packed-A micro-kernel of {@code mr} rows and {@code vectors} (2, or 1 for a last B panel of at most V
     * columns, packed V wide) vectors of B: the Overwrite form when beta = 0, else Accumulate.
     */
    private static void kernel(int mr, int vectors, int kc, float[] a, int aOff, float[] b, int bOff, float[] c,
                               int cOff, int ldc, float alpha, float beta) {
        boolean overwrite = beta == 0f;
        switch (mr * 10 + vectors) {
            case 102 -> {
                if (overwrite) {
                    MicroKernels.kernel10x2Overwrite(kc, a, aOff, b, bOff, c, cOff, ldc, alpha);
                } else {
                    MicroKernels.kernel10x2Accumulate(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, beta);
                }
            }
            case 101 -> {
                if (overwrite) {
                    MicroKernels.kernel10x1Overwrite(kc, a, aOff, b, bOff, c, cOff, ldc, alpha);
                } else {
                    MicroKernels.kernel10x1Accumulate(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, beta);
                }
            }
            case 82 -> {
                if (overwrite) {
                    MicroKernels.kernel8x2Overwrite(kc, a, aOff, b, bOff, c, cOff, ldc, alpha);
                } else {
                    MicroKernels.kernel8x2Accumulate(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, beta);
                }
            }
            case 81 -> {
                if (overwrite) {
                    MicroKernels.kernel8x1Overwrite(kc, a, aOff, b, bOff, c, cOff, ldc, alpha);
                } else {
                    MicroKernels.kernel8x1Accumulate(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, beta);
                }
            }
            case 42 -> {
                if (overwrite) {
                    MicroKernels.kernel4x2Overwrite(kc, a, aOff, b, bOff, c, cOff, ldc, alpha);
                } else {
                    MicroKernels.kernel4x2Accumulate(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, beta);
                }
            }
            case 41 -> {
                if (overwrite) {
                    MicroKernels.kernel4x1Overwrite(kc, a, aOff, b, bOff, c, cOff, ldc, alpha);
                } else {
                    MicroKernels.kernel4x1Accumulate(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, beta);
                }
            }
            default -> throw new AssertionError(mr + " rows × " + vectors + " vectors");
        }
    }

    /** Writes the valid mr×nr corner of an edge tile with the same arithmetic as the kernel's vector store. */
    private static void mergeTile(float[] tile, int mr, int nr, float alpha, float beta, float[] c, int cOff, int ldc) {
        for (int r = 0; r < mr; r++) {
            int t = r * NR;
            int ci = cOff + r * ldc;
            if (beta == 0f) {
                for (int j = 0; j < nr; j++) {
                    c[ci + j] = tile[t + j] * alpha;
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    c[ci + j] = tile[t + j] * alpha + c[ci + j] * beta;
                }
            }
        }
    }

    /** {@code C = beta·C}, with beta = 0 clearing C whatever it held. */
    static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Per-thread scratch: packing buffers and the edge tile, grown on demand and then reused. */
    static final class Workspace {
        private float[] packA = new float[0];
        private float[] packB = new float[0];
        private float[] tile = new float[0];
        private float[] vector = new float[0];
        private float[] transposed = new float[0];

        float[] packA(int size) {
            return packA = atLeast(packA, size);
        }

        float[] packB(int size) {
            return packB = atLeast(packB, size);
        }

        float[] tile(int size) {
            return tile = atLeast(tile, size);
        }

        /** The transposed product of {@link #gemmTransposed}. */
        float[] transposed(int size) {
            return transposed = atLeast(transposed, size);
        }

        /** A contiguous copy of a strided vector operand (GEMV). */
        float[] vector(int size) {
            return vector = atLeast(vector, size);
        }

        /** {@code buffer} if it holds {@code size} floats, else a new one that does (contents not kept). */
        private static float[] atLeast(float[] buffer, int size) {
            return buffer.length >= size ? buffer : new float[size];
        }
    }
}
