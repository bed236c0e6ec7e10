package io.github.simdnn.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** A GitHub-flavoured markdown table, and the number formats the report uses. */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells but the table has "
                    + header.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell).replace("|", "\\|"));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void appendTo(StringBuilder out) {
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        out.append('\n');
    }

    /** Three significant digits, or "–" for NaN. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** A ratio such as "12.3×", or "–". */
    static String times(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : num(v) + "×";
    }

    /** A fraction as a percentage, or "–". */
    static String percent(double fraction) {
        return Double.isNaN(fraction) || Double.isInfinite(fraction) ? "–"
                : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    static String percent(double value, OptionalDouble of) {
        return of.isPresent() ? percent(value / of.getAsDouble()) : "–";
    }
}
