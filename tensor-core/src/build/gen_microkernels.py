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
SHAPES = [tuple(int(x) for x in s.split("x")) for s in sys.argv[1:]] or [(10, 2), (8, 2), (6, 2)]
# One-vector kernels for the last B panel of a product whose column count leaves at most V columns over whole
# 2V panels (784 = 24·32 + 16): packed A only (VectorGemm.macroKernel).
EDGE_SHAPES = [(10, 1), (8, 1), (6, 1)]


def kernel(mr, nv, accumulate, direct=False):
    """direct: A read in place, row r of the panel at aOff + r·lda (row-major A, no packing), not packed."""
    nr = f"{nv} * V" if nv > 1 else "V"
    acc = [[f"c{r}_{v}" for v in range(nv)] for r in range(mr)]
    name = f"kernel{mr}x{nv}" + ("DirectA" if direct else "") + ("Accumulate" if accumulate else "Overwrite")
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
    else:
        w(f"     * {nv} loads of packed B and {mr} broadcasts of packed A per step.")
    w(f"     */")
    params = "float alpha, float beta" if accumulate else "float alpha"
    lda = "int lda, " if direct else ""
    w(f"    static void {name}(int kc, float[] a, int aOff, {lda}float[] b, int bOff,")
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
    w(f"            int pb = bOff + p * " + (f"({nr});" if nv > 1 else "V;"))
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

    Stage b pairs rows i and i+b (i with bit b clear): lo_b takes the lower b lanes of each 2b-lane group from
    both rows, hi_b the upper b lanes. After b = 8, 4, 2, 1 row R holds column R. Returns the final names.
    """
    stage = 0
    bsz = 8
    while bsz >= 1:
        new = [None] * 16
        for i in range(16):
            if (i // bsz) % 2 == 0:
                new[i] = f"s{stage}_{i}"
                new[i + bsz] = f"s{stage}_{i + bsz}"
                w(f"        FloatVector {new[i]} = {names[i]}.rearrange(LO[{stage}], {names[i + bsz]});")
                w(f"        FloatVector {new[i + bsz]} = {names[i]}.rearrange(HI[{stage}], {names[i + bsz]});")
        names = new
        stage += 1
        bsz //= 2
    return names


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


def transpose16_method(doc, signature, prologue, row_offset):
    """A 16x16 register transpose method: loads row i from b at row_offset(i), runs the network, and stores column c
    at dst[d + c*dstStride]."""
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
        w(f"        FloatVector r{i} = FloatVector.fromArray(S, b, {row_offset(i)});")
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
         "four stages of 16 two-source permutes (see {@link #LO}). Only for 16-lane species ({@code V == 16})."],
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


def main():
    body = "\n\n".join(kernel(mr, nv, acc, direct) for mr, nv in SHAPES for direct in (False, True)
                       for acc in (False, True)) + "\n\n" + "\n\n".join(
        kernel(mr, nv, acc) for mr, nv in EDGE_SHAPES for acc in (False, True)) + "\n\n" + transpose16() + "\n\n" + transpose16_gather() + "\n\n" + transpose_rows(10) + "\n\n" + transpose_rows(8)
    text = f'''// GENERATED by tensor-core/src/build/gen_microkernels.py — edit the generator, not this file.
package io.github.simdnn.tensor.internal.vector;

import jdk.incubator.vector.FloatVector;
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
 * not pay (VectorGemm.readsAInPlace); each element goes through the same FMA chain either way. Accumulation for every element of C is one FMA chain over
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
 * 32; 8×2V for row counts such as 256 that 8 divides), 6×2V for 16 registers (AVX2: 12 + 2 + 1 = 15 of 16).
 * 10×V, 8×V and 6×V (packed A only) for a last B panel of at most V columns. VectorGemm explains the choice.
 */
final class MicroKernels {{

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    /**
     * Permutes of the 16-lane transpose, stage s with block b = 8 >> s: {{@code LO[s]}} takes, within each group of
     * 2b lanes, the lower b lanes of the first row then of the second; {{@code HI[s]}} the upper b lanes. Built only
     * for 16-lane species (indexes 16..31 select from the second vector).
     */
    static final VectorShuffle<Float>[] LO = V == 16 ? shuffles(false) : null;
    static final VectorShuffle<Float>[] HI = V == 16 ? shuffles(true) : null;

    private MicroKernels() {{
    }}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shuffles(boolean high) {{
        VectorShuffle<Float>[] result = new VectorShuffle[4];
        for (int s = 0, b = 8; s < 4; s++, b >>= 1) {{
            int[] index = new int[16];
            for (int i = 0; i < 16; i++) {{
                int group = i / (2 * b) * 2 * b;
                int o = i % (2 * b);
                int lane = group + (high ? b : 0) + (o < b ? o : o - b);
                index[i] = o < b ? lane : 16 + lane;
            }}
            result[s] = VectorShuffle.fromArray(S, index, 0);
        }}
        return result;
    }}

{body}
}}
'''
    OUT.write_text(text)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
