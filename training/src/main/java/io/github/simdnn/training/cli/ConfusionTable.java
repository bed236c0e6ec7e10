package io.github.simdnn.training.cli;

import java.util.List;

/** A confusion matrix as an aligned text table: one row per true class, one column per predicted class. */
final class ConfusionTable {

    private ConfusionTable() {
    }

    /**
     * @param confusion  {@code confusion[true][predicted]} counts
     * @param classNames names for the classes (index = class), or empty to use the indices
     */
    static String format(int[][] confusion, List<String> classNames) {
        int n = confusion.length;
        String[] names = new String[n];
        for (int k = 0; k < n; k++) {
            names[k] = k < classNames.size() ? classNames.get(k) : Integer.toString(k);
        }
        String corner = "true\\pred";
        int first = corner.length();
        int width = 1;
        for (int k = 0; k < n; k++) {
            first = Math.max(first, names[k].length());
            width = Math.max(width, names[k].length());
            for (int count : confusion[k]) {
                width = Math.max(width, Integer.toString(count).length());
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(pad(corner, first, false));
        for (String name : names) {
            s.append("  ").append(pad(name, width, true));
        }
        s.append('\n');
        for (int r = 0; r < n; r++) {
            s.append(pad(names[r], first, false));
            for (int c = 0; c < n; c++) {
                s.append("  ").append(pad(Integer.toString(confusion[r][c]), width, true));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
