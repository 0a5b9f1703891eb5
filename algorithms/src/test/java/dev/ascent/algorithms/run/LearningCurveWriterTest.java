package dev.ascent.algorithms.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningCurveWriterTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void finishWaitsForTheFinalCurve(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("learning_curve.png");
        double[] steps = {100, 250, 400}, returns = {10, 30, 20};
        try (LearningCurveWriter w = new LearningCurveWriter(png, "test")) {
            w.redraw(new double[0], new double[0], 0); // may still be drawing when finish is called
            w.finish(steps, returns, 3);
            BufferedImage image = ImageIO.read(png.toFile()); // complete as soon as finish returns
            assertEquals(900, image.getWidth());
            assertEquals(500, image.getHeight());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp files left beside the plot");
        }
    }

    @Test
    void aFailedRedrawIsReportedNotLost(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("missing-directory").resolve("learning_curve.png");
        try (LearningCurveWriter w = new LearningCurveWriter(png, "test")) {
            w.redraw(new double[] {1}, new double[] {1}, 1);
            IOException e = assertThrows(IOException.class, () -> w.finish(new double[] {1}, new double[] {1}, 1));
            assertTrue(e.getMessage().contains("missing-directory"), e.getMessage());
        }
    }
}
