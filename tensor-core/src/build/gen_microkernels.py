#!/usr/bin/env python3
"""Generates tensor-core's MicroKernels.java: fully unrolled register-blocked GEMM micro-kernels.

Run from the repository root:  python3 tensor-core/src/build/gen_microkernels.py
The kernels must be unrolled by hand: C2 keeps FloatVector locals in registers, but not arrays of vectors,
and every helper call inside the k-loop would risk a missed inline (and a boxed vector).
"""
import pathlib

OUT = pathlib.Path(__file__).resolve().parents[1] / "main/java/io/github/simdnn/tensor/internal/vector/MicroKernels.java"

# (rows of C = broadcasts of packed A, vectors of packed B per row)
import sys
SHAPES = [tuple(int(x) for x in s.split("x")) for s in sys.argv[1:]] or [(10, 2), (8, 2), (4, 2)]
# B read in place: 4-row panels only (VectorGemm.readsBInPlace is on for 8-lane species only, where it was measured).
DIRECT_B_SHAPES = [(4, 2)]
# One-vector kernels for the last B panel of a product whose column count leaves at most V columns over whole
# 2V panels (784 = 24·32 + 16): packed A only (VectorGemm.macroKernel).
EDGE_SHAPES = [(10, 1), (8, 1), (4, 1)]


def kernel(mr, nv, accumulate, direct=False, direct_b=False):
    """direct: A read in place, row r of the panel at aOff + r·lda (row-major A, no packing), not packed.
    direct_b: B read in place instead, row p of the panel at bOff + p·ldb (row-major B, no packing)."""
    nr = f"{nv} * V" if nv > 1 else "V"
    acc = [[f"c{r}_{v}" for v in range(nv)] for r in range(mr)]
    name = (f"kernel{mr}x{nv}" + ("DirectA" if direct else "") + ("DirectB" if direct_b else "")
            + ("Accumulate" if accumulate else "Overwrite"))
    out = []
    w = out.append
    w(f"    /**")
    if accumulate:
        w(f"     * {{@code C[{mr} x {nv}V] = alpha·(A-panel·B-panel) + beta·C}} over {{@code kc}} steps: {mr * nv} accumulators,")
    else:
        w(f"     * {{@code C[{mr} x {nv}V] = alpha·(A-panel·B-panel)}} over {{@code kc}} steps, C not read: {mr * nv} accumulators,")
    if direct:
        w(f"     * {nv} loads of packed B and {mr} broadcasts of A per step, A read in place: row r of the panel starts at")
        w(f"     * {{@code aOff + r·lda}} (a row-major A, unpacked).")
    elif direct_b:
        w(f"     * {nv} loads of B and {mr} broadcasts of packed A per step, B read in place: row p of the panel starts at")
        w(f"     * {{@code bOff + p·ldb}} (a row-major B, unpacked).")
    else:
        w(f"     * {nv} loads of packed B and {mr} broadcasts of packed A per step.")
    w(f"     */")
    params = "float alpha, float beta" if accumulate else "float alpha"
    lda = "int lda, " if direct else ""
    ldb = ", int ldb" if direct_b else ""
    w(f"    static void {name}(int kc, float[] a, int aOff, {lda}float[] b, int bOff{ldb},")
    w(f"            float[] c, int cOff, int ldc, {params}) {{")
    for r in range(mr):
        w("        FloatVector " + ", ".join(f"{x} = FloatVector.zero(S)" for x in acc[r]) + ";")
    if direct:
        for r in range(mr):
            row = "aOff" if r == 0 else ("aOff + lda" if r == 1 else f"aOff + {r} * lda")
            w(f"        int q{r} = {row};")
    w(f"        for (int p = 0; p < kc; p++) {{")
    if not direct:
        w(f"            int pa = aOff + p * {mr};")
    w(f"            int pb = bOff + p * " + ("ldb;" if direct_b else f"({nr});" if nv > 1 else "V;"))
    for v in range(nv):
        off = "" if v == 0 else (" + V" if v == 1 else f" + {v} * V")
        w(f"            FloatVector b{v} = FloatVector.fromArray(S, b, pb{off});")
    for r in range(mr):
        if direct:
            w(f"            FloatVector a{r} = FloatVector.broadcast(S, a[q{r} + p]);")
        else:
            w(f"            FloatVector a{r} = FloatVector.broadcast(S, a[pa + {r}]);" if r else
              f"            FloatVector a{r} = FloatVector.broadcast(S, a[pa]);")
        for v in range(nv):
            w(f"            {acc[r][v]} = b{v}.fma(a{r}, {acc[r][v]});")
    w(f"        }}")
    w(f"        FloatVector va = FloatVector.broadcast(S, alpha);")
    if accumulate:
        w(f"        FloatVector vb = FloatVector.broadcast(S, beta);")
    for r in range(mr):
        row = "cOff" if r == 0 else ("cOff + ldc" if r == 1 else f"cOff + {r} * ldc")
        w(f"        int r{r} = {row};")
        for v in range(nv):
            off = "" if v == 0 else (" + V" if v == 1 else f" + {v} * V")
            if accumulate:
                w(f"        {acc[r][v]}.mul(va).add(FloatVector.fromArray(S, c, r{r}{off}).mul(vb)).intoArray(c, r{r}{off});")
            else:
                w(f"        {acc[r][v]}.mul(va).intoArray(c, r{r}{off});")
    w(f"    }}")
    return "\n".join(out)


def transpose_network(w, names):
    """Emits the four stages of two-source permutes that transpose the 16 row vectors named in names.

    Stage b pairs rows i and i+b (i with bit b clear): LO_s takes the lower b lanes of each 2b-lane group from
    both rows, HI_s the upper b lanes. After b = 8, 4, 2, 1 row R holds column R. Returns the final names.
    """
    stage = 0
    bsz = 8
    while bsz >= 1:
        new = [None] * 16
        for i in range(16):
            if (i // bsz) % 2 == 0:
                new[i] = f"s{stage}_{i}"
                new[i + bsz] = f"s{stage}_{i + bsz}"
                w(f"        FloatVector {new[i]} = LO_{stage}.selectFrom({names[i]}, {names[i + bsz]});")
                w(f"        FloatVector {new[i + bsz]} = HI_{stage}.selectFrom({names[i]}, {names[i + bsz]});")
        names = new
        stage += 1
        bsz //= 2
    return names


def transpose16_indexes(stage, high):
    """Lane indexes of LO_stage / HI_stage: 0..15 select from the first vector, 16..31 from the second."""
    b = 8 >> stage
    index = []
    for i in range(16):
        group = i // (2 * b) * 2 * b
        o = i % (2 * b)
        lane = group + (b if high else 0) + (o if o < b else o - b)
        index.append(lane if o < b else 16 + lane)
    return index


def eight_row_stages():
    """The three stages of the 8x16 transpose (transpose8x16) and their lane indexes.

    Element (r, c) of the tile starts in vector r, lane c, and must end in vector c >> 1, lane 8·(c & 1) + r, so
    that the 8 vectors stored in order hold the 16 columns of 8 values back to back. Writing r = r0 + 2r1 + 4r2 and
    c = c0 + 2c1 + 4c2 + 8c3, each stage swaps one bit of the vector number with one bit of the lane: stage 0
    swaps r2 with c3 (vectors i and i+4), stage 1 r1 with c2 (i and i+2), stage 2 r0 with c1 (i and i+1) and
    moves c0 to the top lane bit. Every pair of a stage uses the same two index vectors, found here by simulation.
    Returns [(vector bit, index for the lower vector of a pair, index for the upper)].
    """
    def bit(x, k):
        return (x >> k) & 1

    def after(stage, r, c):
        # (vector, lane) of element (r, c) after the stage
        if stage == 0:
            return bit(r, 0) | bit(r, 1) << 1 | bit(c, 3) << 2, bit(c, 0) | bit(c, 1) << 1 | bit(c, 2) << 2 | bit(r, 2) << 3
        if stage == 1:
            return bit(r, 0) | bit(c, 2) << 1 | bit(c, 3) << 2, bit(c, 0) | bit(c, 1) << 1 | bit(r, 1) << 2 | bit(r, 2) << 3
        return c >> 1, r | bit(c, 0) << 3

    where = {(r, c): (r, c) for r in range(8) for c in range(16)}
    stages = []
    for stage, vbit in enumerate((4, 2, 1)):
        placed = {after(stage, r, c): (r, c) for r in range(8) for c in range(16)}
        indexes = {}
        for v in range(8):
            low = v & ~vbit
            index = []
            for lane in range(16):
                sv, sl = where[placed[(v, lane)]]
                assert sv in (low, low | vbit)
                index.append(sl if sv == low else 16 + sl)
            assert indexes.setdefault(bool(v & vbit), index) == index
        stages.append((vbit, indexes[False], indexes[True]))
        where = {e: pos for pos, e in placed.items()}
    for r in range(8):
        for c in range(16):
            assert where[(r, c)] == (c >> 1, 8 * (c & 1) + r)
    return stages


def index_vector(name, index):
    values = ", ".join(f"{i}f" for i in index)
    return f"    static final FloatVector {name} = V == 16 ? FloatVector.fromArray(S, new float[] {{{values}}}, 0) : null;"


def eight_row_index_names(stage, low, high):
    """The 16x16 network's index vectors where a stage of the 8x16 one uses the same (its first two), else its own."""
    if low == transpose16_indexes(stage, False) and high == transpose16_indexes(stage, True):
        return f"LO_{stage}", f"HI_{stage}"
    return f"EIGHT_LO_{stage}", f"EIGHT_HI_{stage}"


def index_vectors():
    lines = [index_vector(f"{'HI' if high else 'LO'}_{stage}", transpose16_indexes(stage, high))
             for stage in range(4) for high in (False, True)]
    for stage, (_, low, high) in enumerate(eight_row_stages()):
        low_name, high_name = eight_row_index_names(stage, low, high)
        if low_name.startswith("EIGHT"):
            lines.append(index_vector(low_name, low))
            lines.append(index_vector(high_name, high))
    return "\n".join(lines)


def transpose8x16():
    """The 8x16 tile of an 8-row A panel in three stages of 8 permutes (eight_row_stages), 128 floats stored."""
    out = []
    w = out.append
    w("    /**")
    w("     * Packs the 8×16 tile at {@code a[src + r·lda + c]} as 16 steps of 8 values, {@code dst[d + c·8 + r]}, exactly")
    w("     * 128 floats: three stages of 8 two-source permutes, each swapping a bit of the row number with a bit of the")
    w("     * lane (the generator's eight_row_stages), where the 16-row network with 8 zero rows would take 64. Only for")
    w("     * 16-lane species ({@code V == 16}).")
    w("     */")
    w("    static void transpose8x16(float[] a, int src, int lda, float[] dst, int d) {")
    names = []
    for i in range(8):
        off = "src" if i == 0 else ("src + lda" if i == 1 else f"src + {i} * lda")
        w(f"        FloatVector r{i} = FloatVector.fromArray(S, a, {off});")
        names.append(f"r{i}")
    for stage, (vbit, low, high) in enumerate(eight_row_stages()):
        low_name, high_name = eight_row_index_names(stage, low, high)
        new = [None] * 8
        for i in range(8):
            if not i & vbit:
                j = i | vbit
                new[i], new[j] = f"e{stage}_{i}", f"e{stage}_{j}"
                w(f"        FloatVector {new[i]} = {low_name}.selectFrom({names[i]}, {names[j]});")
                w(f"        FloatVector {new[j]} = {high_name}.selectFrom({names[i]}, {names[j]});")
        names = new
    for q in range(8):
        off = "d" if q == 0 else f"d + {16 * q}"
        w(f"        {names[q]}.intoArray(dst, {off});")
    w("    }")
    return "\n".join(out)


def transpose8_shuffles():
    """Stage s of the 8x8 transpose (block b = 4 >> s) on 8-lane species, as one-source permutes plus blends (AVX2
    has no two-source permute): within each group of 2b lanes, UP moves the lower b lanes to the upper half, DOWN
    the upper b lanes to the lower half, and UPPER selects the upper half."""
    lines = []
    for stage in range(3):
        b = 4 >> stage
        up = [i - b if i % (2 * b) >= b else i for i in range(8)]
        down = [i + b if i % (2 * b) < b else i for i in range(8)]
        upper = ["true" if i % (2 * b) >= b else "false" for i in range(8)]
        lines.append(f"    static final VectorShuffle<Float> T8_UP_{stage} = V == 8 ? VectorShuffle.fromValues(S, "
                     f"{', '.join(map(str, up))}) : null;")
        lines.append(f"    static final VectorShuffle<Float> T8_DOWN_{stage} = V == 8 ? VectorShuffle.fromValues(S, "
                     f"{', '.join(map(str, down))}) : null;")
        lines.append(f"    static final VectorMask<Float> T8_UPPER_{stage} = V == 8\n"
                     f"            ? VectorMask.fromValues(S, {', '.join(upper)}) : null;")
        lines.append(f"    static final VectorMask<Float> T8_LOWER_{stage} = V == 8 ? T8_UPPER_{stage}.not() : null;")
    return "\n".join(lines)


def transpose8_method(doc, signature, prologue, row_offset, load=None, rows_too=False):
    """An 8x8 transpose in registers for 8-lane species (row i loaded from row_offset(i)): log2(8) stages, each pair
    of rows (i, i + b) becoming x.blend(y.rearrange(UP), UPPER) and y.blend(x.rearrange(DOWN), LOWER). With rows_too,
    each row is also stored as loaded, at rowDst[rd + i*rowStride]."""
    out = []
    w = out.append
    w("    /**")
    for line in doc:
        w("     * " + line)
    w("     */")
    for line in signature:
        w(line)
    for line in prologue:
        w(line)
    names = []
    for i in range(8):
        if load:
            w(f"        FloatVector r{i} = {load(row_offset(i))};")
        else:
            w(f"        FloatVector r{i} = FloatVector.fromArray(S, b, {row_offset(i)});")
        if rows_too:
            w(f"        r{i}.intoArray(rowDst, {row_store(i)});")
        names.append(f"r{i}")
    stage, bsz = 0, 4
    while bsz >= 1:
        new = [None] * 8
        for i in range(8):
            if (i // bsz) % 2 == 0:
                x, y = names[i], names[i + bsz]
                new[i], new[i + bsz] = f"t{stage}_{i}", f"t{stage}_{i + bsz}"
                w(f"        FloatVector {new[i]} = {x}.blend({y}.rearrange(T8_UP_{stage}), T8_UPPER_{stage});")
                w(f"        FloatVector {new[i + bsz]} = {y}.blend({x}.rearrange(T8_DOWN_{stage}), T8_LOWER_{stage});")
        names = new
        stage += 1
        bsz //= 2
    for i in range(8):
        off = "d" if i == 0 else ("d + dstStride" if i == 1 else f"d + {i} * dstStride")
        w(f"        {names[i]}.intoArray(dst, {off});")
    w("    }")
    return "\n".join(out)


def transpose8():
    return transpose8_method(
        ["Transposes the 8×8 tile at {@code b[src + r·ldb + c]} into {@code dst[d + c·dstStride + r]}, in registers:",
         "three stages of 8 one-source permutes and 8 blends (see {@link #T8_UP_0}). Only for 8-lane species",
         "({@code V == 8})."],
        ["    static void transpose8(float[] b, int src, int ldb, float[] dst, int d, int dstStride) {"],
        [],
        lambda i: "src" if i == 0 else ("src + ldb" if i == 1 else f"src + {i} * ldb"))


def transpose8_gather():
    return transpose8_method(
        ["Transposes 8 rows picked by index: row i of the tile is {@code b[bOff + rows[rowsOff + i]·ld + col ..+8)}",
         "and lands in {@code dst[d + c·dstStride + i]}, c < 8, through the network of {@link #transpose8}. Indexes",
         "must already be checked. Only for 8-lane species ({@code V == 8})."],
        ["    static void transpose8Gather(float[] b, int bOff, int ld, int[] rows, int rowsOff, int col,",
         "                                 float[] dst, int d, int dstStride) {"],
        ["        int o = bOff + col;"],
        lambda i: "o + rows[rowsOff] * ld" if i == 0 else f"o + rows[rowsOff + {i}] * ld")


def transpose_rows(n):
    """The first n rows of a 16x16 transpose (rows n..15 zero), stored as 16 columns of n values each."""
    out = []
    w = out.append
    w("    /**")
    w(f"     * Packs the {n}×16 tile at {{@code a[src + r·lda + c]}} as 16 steps of {n} values, {{@code dst[d + c·{n} + r]}}: the")
    w(f"     * transpose network of {{@link #transpose16}} with rows {n}..15 zero. Each column is stored as a whole vector, in")
    w(f"     * ascending order, so the {16 - n} padding lanes of column c land on column c + 1 and are overwritten by it;")
    w(f"     * those of the last column land on {{@code dst[d + {16 * n} .. d + {16 * n + 16 - n})}}, which the caller must")
    w("     * either own as slack or overwrite afterwards. Only for 16-lane species ({@code V == 16}).")
    w("     */")
    w(f"    static void transpose{n}x16(float[] a, int src, int lda, float[] dst, int d) {{")
    names = [f"r{i}" for i in range(16)]
    for i in range(16):
        if i < n:
            off = "src" if i == 0 else (f"src + lda" if i == 1 else f"src + {i} * lda")
            w(f"        FloatVector r{i} = FloatVector.fromArray(S, a, {off});")
        else:
            w(f"        FloatVector r{i} = FloatVector.zero(S);")
    names = transpose_network(w, names)
    for i in range(16):
        off = "d" if i == 0 else f"d + {i * n}"
        w(f"        {names[i]}.intoArray(dst, {off});")
    w("    }")
    return "\n".join(out)


def row_store(i):
    return "rd" if i == 0 else ("rd + rowStride" if i == 1 else f"rd + {i} * rowStride")


def transpose16_method(doc, signature, prologue, row_offset, load=None, rows_too=False):
    """A 16x16 register transpose method: loads row i from b at row_offset(i) (as floats, or through load(offset)),
    runs the network, and stores column c at dst[d + c*dstStride]; with rows_too, also row i as loaded at
    rowDst[rd + i*rowStride]."""
    out = []
    w = out.append
    w("    /**")
    for line in doc:
        w(f"     * {line}")
    w("     */")
    for line in signature:
        w(line)
    for line in prologue:
        w(line)
    for i in range(16):
        expr = f"FloatVector.fromArray(S, b, {row_offset(i)})" if load is None else load(row_offset(i))
        w(f"        FloatVector r{i} = {expr};")
        if rows_too:
            w(f"        r{i}.intoArray(rowDst, {row_store(i)});")
    names = transpose_network(w, [f"r{i}" for i in range(16)])
    for i in range(16):
        off = "d" if i == 0 else (f"d + dstStride" if i == 1 else f"d + {i} * dstStride")
        w(f"        {names[i]}.intoArray(dst, {off});")
    w("    }")
    return "\n".join(out)


def transpose16():
    """A 16x16 transpose in registers: log2(16) stages of two-source lane permutes (vpermt2ps on AVX-512)."""
    return transpose16_method(
        ["Transposes the 16×16 tile at {@code b[src + r·ldb + c]} into {@code dst[d + c·dstStride + r]}, in registers:",
         "four stages of 16 two-source permutes (see {@link #LO_0}). Only for 16-lane species ({@code V == 16})."],
        ["    static void transpose16(float[] b, int src, int ldb, float[] dst, int d, int dstStride) {"],
        [],
        lambda i: "src" if i == 0 else ("src + ldb" if i == 1 else f"src + {i} * ldb"))


def transpose16_gather():
    """transpose16 with each of the 16 rows picked by index (the batch gather of a data set stored one sample per row)."""
    return transpose16_method(
        ["Transposes 16 rows picked by index: row i of the tile is {@code b[bOff + rows[rowsOff + i]·ld + col ..+16)}",
         "and lands in {@code dst[d + c·dstStride + i]}, c < 16, through the network of {@link #transpose16}. Indexes",
         "must already be checked. Only for 16-lane species ({@code V == 16})."],
        ["    static void transpose16Gather(float[] b, int bOff, int ld, int[] rows, int rowsOff, int col,",
         "                                  float[] dst, int d, int dstStride) {"],
        ["        int o = bOff + col;"],
        lambda i: "o + rows[rowsOff] * ld" if i == 0 else f"o + rows[rowsOff + {i}] * ld")


U8_PROLOGUE = ["        FloatVector ov = FloatVector.fromArray(S, offset, col);",
               "        FloatVector sv = FloatVector.fromArray(S, scale, col);"]


def u8_load(offset, lanes=16):
    """V unsigned bytes as V floats (zero-extended, exact), then ((u·step) − offset)·scale: three separately
    rounded operations, the same as the scalar path."""
    return (f"((FloatVector) ByteVector.fromArray(B{lanes}, b, {offset})\n"
            f"                .convertShape(VectorOperators.ZERO_EXTEND_B2I, I{lanes}, 0)\n"
            f"                .convertShape(VectorOperators.I2F, S, 0)).mul(step).sub(ov).mul(sv)")


def u8_load8(offset):
    return u8_load(offset, 8)


U8_DOC = ["Each byte is an unsigned value u, stored as {@code (u·step − offset[c])·scale[c]} for its column c (three",
          "float operations, each rounded, as in the scalar path). Only for 16-lane species ({@code V == 16})."]


def transpose16_u8():
    """transpose16 of unsigned bytes, converted to float with a per-column affine map on the way."""
    return transpose16_method(
        ["Transposes the 16×16 byte tile at {@code b[src + r·ldb + col + c]} into {@code dst[d + c·dstStride + r]}."]
        + U8_DOC,
        ["    static void transpose16U8(byte[] b, int src, int ldb, int col, float step, float[] offset, float[] scale,",
         "                              float[] dst, int d, int dstStride) {"],
        ["        int o = src + col;"] + U8_PROLOGUE,
        lambda i: "o" if i == 0 else ("o + ldb" if i == 1 else f"o + {i} * ldb"),
        u8_load)


def transpose16_gather_u8():
    """transpose16Gather of unsigned bytes, converted to float with a per-column affine map on the way."""
    return transpose16_method(
        ["Transposes 16 byte rows picked by index: row i of the tile is {@code b[bOff + rows[rowsOff + i]·ld + col",
         "..+16)} and lands in {@code dst[d + c·dstStride + i]}. Indexes must already be checked."] + U8_DOC,
        ["    static void transpose16GatherU8(byte[] b, int bOff, int ld, int[] rows, int rowsOff, int col, float step,",
         "                                    float[] offset, float[] scale, float[] dst, int d, int dstStride) {"],
        ["        int o = bOff + col;"] + U8_PROLOGUE,
        lambda i: "o + rows[rowsOff] * ld" if i == 0 else f"o + rows[rowsOff + {i}] * ld",
        u8_load)



U8_DOC8 = ["Each byte is an unsigned value u, stored as {@code (u·step − offset[c])·scale[c]} for its column c (three",
           "float operations, each rounded, as in the scalar path). Only for 8-lane species ({@code V == 8})."]


def transpose8_u8():
    """transpose8 of unsigned bytes, converted to float with a per-column affine map on the way."""
    return transpose8_method(
        ["Transposes the 8×8 byte tile at {@code b[src + r·ldb + col + c]} into {@code dst[d + c·dstStride + r]}",
         "through the network of {@link #transpose8}."] + U8_DOC8,
        ["    static void transpose8U8(byte[] b, int src, int ldb, int col, float step, float[] offset, float[] scale,",
         "                             float[] dst, int d, int dstStride) {"],
        ["        int o = src + col;"] + U8_PROLOGUE,
        lambda i: "o" if i == 0 else ("o + ldb" if i == 1 else f"o + {i} * ldb"),
        u8_load8)


def transpose8_gather_u8():
    """transpose8Gather of unsigned bytes, converted to float with a per-column affine map on the way."""
    return transpose8_method(
        ["Transposes 8 byte rows picked by index: row i of the tile is {@code b[bOff + rows[rowsOff + i]·ld + col",
         "..+8)} and lands in {@code dst[d + c·dstStride + i]}. Indexes must already be checked."] + U8_DOC8,
        ["    static void transpose8GatherU8(byte[] b, int bOff, int ld, int[] rows, int rowsOff, int col, float step,",
         "                                   float[] offset, float[] scale, float[] dst, int d, int dstStride) {"],
        ["        int o = bOff + col;"] + U8_PROLOGUE,
        lambda i: "o + rows[rowsOff] * ld" if i == 0 else f"o + rows[rowsOff + {i}] * ld",
        u8_load8)

PANELS_DOC = ["Also stores row i of the tile as read (mapped, for bytes) at {@code rowDst[rd + i·rowStride]}: the batch",
              "gather into both panel forms of a dense layer's input ({@code VectorTranspose.gatherPanels})."]


def gather_panels(lanes, u8):
    """The index-gather transposes that also store the rows: transpose{lanes}Gather[U8]Panels."""
    name = f"transpose{lanes}Gather{'U8' if u8 else ''}Panels"
    pad = " " * len(f"    static void {name}(")
    if u8:
        signature = [f"    static void {name}(byte[] b, int bOff, int ld, int[] rows, int rowsOff, int col, float step,",
                     f"{pad}float[] offset, float[] scale, float[] dst, int d, int dstStride,",
                     f"{pad}float[] rowDst, int rd, int rowStride) {{"]
        prologue = ["        int o = bOff + col;"] + U8_PROLOGUE
        load = u8_load if lanes == 16 else u8_load8
        doc_tail = (U8_DOC if lanes == 16 else U8_DOC8)
    else:
        signature = [f"    static void {name}(float[] b, int bOff, int ld, int[] rows, int rowsOff, int col, float[] dst,",
                     f"{pad}int d, int dstStride, float[] rowDst, int rd, int rowStride) {{"]
        prologue = ["        int o = bOff + col;"]
        load = None
        doc_tail = [f"Only for {lanes}-lane species ({{@code V == {lanes}}})."]
    doc = [f"{{@code transpose{lanes}Gather{'U8' if u8 else ''}}}: row i of the tile is {{@code b[bOff + rows[rowsOff + i]·ld +",
           f"col ..+{lanes})}} and lands in {{@code dst[d + c·dstStride + i]}}. Indexes must already be checked."] + PANELS_DOC + doc_tail
    offset = lambda i: "o + rows[rowsOff] * ld" if i == 0 else f"o + rows[rowsOff + {i}] * ld"
    method = transpose16_method if lanes == 16 else transpose8_method
    return method(doc, signature, prologue, offset, load, rows_too=True)


def main():
    body = "\n\n".join(kernel(mr, nv, acc, direct, direct_b) for mr, nv in SHAPES
                       for direct, direct_b in ((False, False), (True, False), (False, True))
                       if not direct_b or (mr, nv) in DIRECT_B_SHAPES
                       for acc in (False, True)) + "\n\n" + "\n\n".join(
        kernel(mr, nv, acc) for mr, nv in EDGE_SHAPES for acc in (False, True)) + "\n\n" + transpose16() + "\n\n" + transpose16_gather() + "\n\n" + transpose16_u8() + "\n\n" + transpose16_gather_u8() + "\n\n" + transpose_rows(10) + "\n\n" + transpose8x16() + "\n\n" + transpose8() + "\n\n" + transpose8_gather() + "\n\n" + transpose8_u8() + "\n\n" + transpose8_gather_u8() + "\n\n" + "\n\n".join(
        gather_panels(lanes, u8) for lanes in (16, 8) for u8 in (False, True))
    text = f'''// GENERATED by tensor-core/src/build/gen_microkernels.py — edit the generator, not this file.
package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernels: an outer-product update of an MR×NR tile of C held entirely in vector
 * registers. Row-major C is contiguous along its columns, so the vectors run along C's rows: each step loads
 * NR/V vectors of the packed B micro-panel (row p of op(B), columns j..j+NR) and broadcasts the MR values of
 * the packed A micro-panel (column p of op(A), rows i..i+MR). This is BLIS's micro-kernel on Cᵀ = op(B)ᵀ·op(A)ᵀ.
 *
 * <p>Packed A holds MR consecutive floats per step and packed B NR consecutive floats per step; both strides are
 * compile-time constants so that C2 removes the range checks from the k-loop. The {{@code DirectA}} kernels read
 * A in place instead, row r of the panel from {{@code aOff + r·lda}}, for the narrow products where packing A does
 * not pay (VectorGemm.readsAInPlace), and the {{@code DirectB}} kernels read B in place, row p of the panel from
 * {{@code bOff + p·ldb}}, for products with a few rows of A (VectorGemm.readsBInPlace; 4×2V only, the 8-lane
 * species' shape, where that was measured); each element goes through the same FMA chain either way. Accumulation for every element of C is one FMA chain over
 * p = 0..kc-1 starting from zero; the tile is then written as
 * {{@code C = alpha·acc}} by the {{@code Overwrite}} kernels (C is not read, so beta = 0 ignores NaN in C) or
 * {{@code C = alpha·acc + beta·C}} by the {{@code Accumulate}} kernels, with a multiply and an add (not an FMA) so
 * that the scalar edge path computes bit-identical values.
 *
 * <p>The two stores are separate methods on purpose: a kernel with both store paths hot is recompiled by C2 into
 * a k-loop that runs at half speed (measured: 101 vs 50 GFLOP/s on AVX-512), while each single-path kernel keeps
 * all accumulators in registers (99% of the FMA peak when the panels are in cache).
 *
 * <p>Shapes: 10×2V and 8×2V for 32 vector registers (AVX-512: 20 accumulators + 2 B vectors + 1 broadcast = 23 of
 * 32; 8×2V for row counts such as 256 that 8 divides), 4×2V for 16 registers (AVX2: 8 accumulators, the 8
 * FMA chains that two FMA pipes of latency 4 need). 10×V, 8×V and 4×V (packed A only) for a last B panel of at
 * most V columns. VectorGemm explains the choice.
 *
 * <p>Also the register transposes that packing and the batch gathers use. For 16-lane species: 16×16 float
 * tiles ({{@code transpose16}}, {{@code transpose16Gather}}), the same on unsigned bytes widened to floats and mapped
 * per column ({{@code transpose16U8}}, {{@code transpose16GatherU8}}), and the 10-row and 8-row panel transposes. For
 * 8-lane species: 8×8 tiles of floats ({{@code transpose8}}, {{@code transpose8Gather}}) and of unsigned bytes
 * ({{@code transpose8U8}}, {{@code transpose8GatherU8}}); each index gather also in a form that stores the rows it
 * read as well ({{@code transpose16GatherPanels}} and so on).
 */
final class MicroKernels {{

    static final VectorSpecies<Float> S = Width.FLOAT;
    static final int V = S.length();
    /**
     * 16 bytes and 16 ints: the unsigned-byte transposes widen 16 bytes to one 16-lane float vector. Set, and
     * used, only when {{@code V == 16}} (S is then the 512-bit species), like the transposes' index vectors: the
     * package uses one species per element type (see {{@link VectorCrossEntropy}} for why), and other int
     * kernels use S's shape.
     */
    static final VectorSpecies<Byte> B16 = V == 16 ? ByteVector.SPECIES_128 : null;
    static final VectorSpecies<Integer> I16 = V == 16 ? IntVector.SPECIES_512 : null;
    /** 8 bytes and 8 ints, the same for 8-lane species ({{@code transpose8U8}}); set only when {{@code V == 8}}. */
    static final VectorSpecies<Byte> B8 = V == 8 ? ByteVector.SPECIES_64 : null;
    static final VectorSpecies<Integer> I8 = V == 8 ? IntVector.SPECIES_256 : null;

    /**
     * Lane indexes of the register transposes, as the index vectors of two-source {{@code selectFrom}} (vpermt2ps on
     * AVX-512; 0..15 select from the first vector, 16..31 from the second; measured 30% faster per 16×16 tile than
     * {{@code rearrange(shuffle, v)}}). 16×16 stage s, block b = 8 >> s: {{@code LO_s}} takes, within each group of
     * 2b lanes, the lower b lanes of the first row then of the second; {{@code HI_s}} the upper b lanes.
     * {{@link #transpose8x16}} pairs other rows but reuses the index vectors of the 16×16 stages where its own
     * stage's indexes are the same, and has its own ({{@code EIGHT_LO_s}}, {{@code EIGHT_HI_s}}) where not. Built
     * only for 16-lane species.
     */
{{indexes}}

    /**
     * The 8×8 transpose of 8-lane species ({{@link #transpose8}}), which have no two-source permute on AVX2: stage s,
     * block b = 4 >> s, pairs rows x and y; within each group of 2b lanes {{@code T8_UP_s}} moves the lower b lanes
     * to the upper half and {{@code T8_DOWN_s}} the upper b lanes to the lower half, and the blends
     * {{@code x.blend(y.rearrange(T8_UP_s), T8_UPPER_s)}}, {{@code y.blend(x.rearrange(T8_DOWN_s), T8_LOWER_s)}} give
     * the lower b lanes of x then of y, and the upper b lanes of x then of y. Built only for 8-lane species.
     */
{{shuffles}}

    private MicroKernels() {{
    }}

{body}
}}
'''
    OUT.write_text(text.replace("{indexes}", index_vectors()).replace("{shuffles}", transpose8_shuffles()))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
