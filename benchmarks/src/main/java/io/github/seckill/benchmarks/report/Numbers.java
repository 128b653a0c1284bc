package io.github.seckill.benchmarks.report;

import java.util.Locale;

/** How reports print numbers: thousands separated, three significant digits for small values. */
final class Numbers {

    private Numbers() {
    }

    /**
     * @param value a figure
     * @return e.g. {@code 104,532}, {@code 12.3}, {@code 0.042}
     */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    /**
     * @param ratio a ratio
     * @return e.g. {@code 0.62x}
     */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, ratio >= 100 ? "%.0fx" : "%.2fx", ratio);
    }
}
