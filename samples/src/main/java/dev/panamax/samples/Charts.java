package dev.panamax.samples;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds the samples' XChart line and scatter charts and writes them as PNG files, headless.
 */
final class Charts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    static {
        // Charts are drawn off screen; this must be set before AWT initialises.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Creates an empty XY chart with a title, axis titles and the legend in the top-left corner.
     *
     * @param title the chart title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return the chart
     */
    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    /**
     * Adds a series drawn as a line without markers.
     *
     * @param chart the chart
     * @param name the legend label
     * @param x the x values
     * @param y the y values, as many as {@code x}
     * @param color the line colour
     */
    static void line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
    }

    /**
     * Adds a series drawn as circles without a line.
     *
     * @param chart the chart
     * @param name the legend label
     * @param x the x values
     * @param y the y values, as many as {@code x}
     * @param color the marker colour
     */
    static void scatter(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    /**
     * Writes {@code chart} as {@code dir/fileName}, creating {@code dir} if needed.
     *
     * @param chart the chart
     * @param dir the output folder
     * @param fileName the file name, ending in {@code .png}
     * @return the path written
     * @throws IOException if the folder or file cannot be written
     */
    static Path savePng(XYChart chart, Path dir, String fileName) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        try (OutputStream os = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }

    /**
     * Returns the indices {@code 0..n-1} as doubles, the x axis of per-iteration charts.
     *
     * @param n the number of indices
     * @return {@code {0, 1, ..., n - 1}}
     */
    static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }
}
