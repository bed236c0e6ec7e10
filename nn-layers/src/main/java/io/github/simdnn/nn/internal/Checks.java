package io.github.simdnn.nn.internal;

import io.github.simdnn.tensor.Ops;

import java.util.Objects;

/**
 * Argument checks shared by the public entry points of {@code io.github.simdnn.nn}. Every message names what
 * was rejected and where (operation and layer, array, sizes, row, column). Nothing here allocates unless it throws:
 * callers pass the operation ({@code verb}) and the object it works on ({@code where}) separately.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * The message prefix {@code "verb of where"} (or just {@code verb} when {@code where} is null). Built only
     * when a check fails, so passing a layer as {@code where} costs nothing on the hot path.
     */
    static String at(String verb, Object where) {
        return where == null ? verb : verb + " of " + where;
    }

    /** {@code batch} must be in {@code [1, maxBatch]}. */
    public static void batch(String verb, Object where, int batch, int maxBatch) {
        if (batch < 1) {
            throw new IllegalArgumentException(at(verb, where) + ": batch must be >= 1 but was " + batch);
        }
        if (batch > maxBatch) {
            throw new IllegalArgumentException(at(verb, where) + ": batch " + batch + " is larger than the maximum batch "
                    + maxBatch + " this was built for (split the batch or build with a larger maxBatch)");
        }
    }

    /** {@code batch} must be at least 1. */
    public static void positiveBatch(String verb, Object where, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException(at(verb, where) + ": batch must be >= 1 but was " + batch);
        }
    }

    /**
     * {@code x} must hold a compact rows×batch matrix in its first {@code rows·batch} elements (it may be longer,
     * e.g. a buffer sized for a larger batch).
     */
    public static void matrix(String verb, Object where, String name, float[] x, int rows, int batch) {
        Objects.requireNonNull(x, name);
        long needed = (long) rows * batch;
        if (x.length < needed) {
            throw new IllegalArgumentException(at(verb, where) + ": " + name + " must hold a " + rows + "x" + batch
                    + " matrix (" + needed + " elements) but has only " + x.length + " elements");
        }
    }

    /** {@code x} must have exactly {@code n} elements. */
    public static void exactLength(String verb, Object where, String name, float[] x, int n) {
        Objects.requireNonNull(x, name);
        if (x.length != n) {
            throw new IllegalArgumentException(at(verb, where) + ": " + name + " must have " + n + " elements but has "
                    + x.length);
        }
    }

    /** Every element of the compact rows×batch matrix in {@code x} must be finite; names the first that is not. */
    public static void finite(String verb, Object where, String name, float[] x, int rows, int batch) {
        int n = rows * batch;
        if (Ops.allFinite(n, x, 0)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            float v = x[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(at(verb, where) + ": " + name + " has " + v + " at row " + (i / batch)
                        + ", column (sample) " + (i % batch) + " of its " + rows + "x" + batch + " values");
            }
        }
    }

    /**
     * As {@link #finite} for a matrix with ONE SAMPLE PER ROW ({@code samples × features}); names the sample (row)
     * and the feature (column).
     */
    public static void finiteRowsPerSample(String verb, Object where, String name, float[] x, int samples, int features) {
        int n = samples * features;
        if (Ops.allFinite(n, x, 0)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            float v = x[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(at(verb, where) + ": " + name + " has " + v + " at row (sample) "
                        + (i / features) + ", column (feature) " + (i % features) + " of its " + samples + "x" + features
                        + " values");
            }
        }
    }

    /** The two arrays must be different objects (an output may not overwrite an input it still reads). */
    public static void distinct(String verb, Object where, String outName, Object out, String inName, Object in) {
        if (out == in) {
            throw new IllegalArgumentException(at(verb, where) + ": " + outName + " must not be the same array as " + inName);
        }
    }

    /** {@code labels} must hold at least {@code batch} class indices in {@code [0, classes)} (rows ≥ 2) or 0/1 targets (rows = 1). */
    public static void labels(String verb, Object where, int[] labels, int rows, int batch) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length < batch) {
            throw new IllegalArgumentException(at(verb, where) + ": labels must hold " + batch + " class indices (one per column)"
                    + " but has only " + labels.length);
        }
        int limit = rows == 1 ? 2 : rows;
        for (int c = 0; c < batch; c++) {
            int k = labels[c];
            if (k < 0 || k >= limit) {
                throw new IllegalArgumentException(at(verb, where) + ": label " + k + " of column (sample) " + c
                        + " is out of range: " + (rows == 1
                        ? "a single-output network takes labels 0 or 1"
                        : "classes are 0.." + (rows - 1) + " for " + rows + " outputs"));
            }
        }
    }
}
