package dev.ascent.algorithms.run;

import dev.ascent.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** {@code learning_curve.png}: every training episode's return against the step it ended at, and a moving average. */
public final class LearningCurvePlot {
    /** Episodes in the moving average. */
    public static final int SMOOTHING = 20;

    private LearningCurvePlot() {}

    /** Draws the curve and replaces {@code path} atomically (a viewer never sees half a file). */
    public static void write(Path path, String title, double[] steps, double[] returns, int count) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("environment steps").yAxisTitle("episode return").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] x = java.util.Arrays.copyOf(steps, Math.max(1, count));
        double[] y = java.util.Arrays.copyOf(returns, Math.max(1, count));
        if (count == 0) {
            x[0] = 0;
            y[0] = 0;
        }
        double[] smooth = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += y[i];
            if (i >= SMOOTHING) sum -= y[i - SMOOTHING];
            smooth[i] = sum / Math.min(i + 1, SMOOTHING);
        }
        XYSeries raw = chart.addSeries("episodes", x, y);
        raw.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        raw.setMarker(SeriesMarkers.CIRCLE);
        raw.setMarkerColor(new Color(70, 130, 180, 90));
        XYSeries avg = chart.addSeries("mean of " + SMOOTHING, x, smooth);
        avg.setMarker(SeriesMarkers.NONE);
        avg.setLineColor(new Color(200, 60, 30));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
        byte[] bytes = png.toByteArray();
        AtomicFiles.write(path, ch -> ch.write(ByteBuffer.wrap(bytes)));
    }
}
