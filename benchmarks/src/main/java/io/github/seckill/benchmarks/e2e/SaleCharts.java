package io.github.seckill.benchmarks.e2e;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Answers per second over a sale's first seconds, per 100 ms bucket and per answer, as a PNG (XChart). */
final class SaleCharts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    private SaleCharts() {
    }

    /**
     * @param file where to write the PNG
     * @param title the chart's title
     * @param bucketMillis the buckets' width
     * @param series answers per bucket, by answer (e.g. {@code admitted}, {@code sold out})
     * @param seconds how much of the sale to draw
     * @throws IOException if the file cannot be written
     */
    static void draw(Path file, String title, long bucketMillis, Map<String, long[]> series, double seconds)
            throws IOException {
        int buckets = (int) Math.max(1, Math.ceil(seconds * 1000 / bucketMillis));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("seconds since the first attempt").yAxisTitle("answers/s (100 ms buckets, log)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        // admissions run at thousands a second, sold-out answers at up to millions: one linear axis hides the former
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double perSecond = 1000.0 / bucketMillis;
        for (Map.Entry<String, long[]> e : series.entrySet()) {
            long[] counts = e.getValue();
            int n = Math.min(buckets, counts.length);
            if (n == 0 || java.util.Arrays.stream(counts, 0, n).allMatch(c -> c == 0)) {
                continue;
            }
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i * bucketMillis / 1000.0;
                // an empty bucket is a gap in the line: a log axis has no zero
                y[i] = counts[i] == 0 ? Double.NaN : counts[i] * perSecond;
            }
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no answers", new double[] {0}, new double[] {1});
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
