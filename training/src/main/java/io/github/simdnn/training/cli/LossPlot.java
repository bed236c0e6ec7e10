package io.github.simdnn.training.cli;

import io.github.simdnn.training.EpochResult;
import io.github.simdnn.training.TrainingResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes training and validation loss per epoch as a PNG line chart (XChart). */
final class LossPlot {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private LossPlot() {
    }

    static void write(Path file, TrainingResult result) throws IOException {
        List<EpochResult> history = result.history();
        double[] epochs = new double[history.size()];
        double[] train = new double[history.size()];
        double[] validation = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            epochs[i] = history.get(i).epoch();
            train[i] = history.get(i).trainLoss();
            validation[i] = history.get(i).validationLoss();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Loss per epoch")
                .xAxisTitle("epoch").yAxisTitle("cross-entropy loss").build();
        chart.addSeries("training", epochs, train).setMarker(SeriesMarkers.NONE);
        if (history.getFirst().hasValidation()) {
            chart.addSeries("validation", epochs, validation).setMarker(SeriesMarkers.NONE);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
