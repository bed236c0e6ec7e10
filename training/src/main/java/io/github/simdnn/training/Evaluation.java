package io.github.simdnn.training;

/**
 * A network's loss and accuracy on a data set, with the confusion matrix.
 *
 * @param samples  samples evaluated
 * @param loss     mean loss over the samples; NaN if there were none
 * @param correct  samples whose predicted class is their label
 * @param confusion classes×classes counts, {@code confusion[label][predicted]} (rows: true class, columns:
 *                 predicted class); the accessor returns a copy
 */
public record Evaluation(int samples, double loss, int correct, int[][] confusion) {

    public Evaluation {
        confusion = copy(confusion);
    }

    /** {@code correct / samples}; NaN if there were no samples. */
    public double accuracy() {
        return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /** A copy of the confusion matrix, {@code [label][predicted]}. */
    @Override
    public int[][] confusion() {
        return copy(confusion);
    }

    private static int[][] copy(int[][] matrix) {
        int[][] c = new int[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            c[i] = matrix[i].clone();
        }
        return c;
    }
}
