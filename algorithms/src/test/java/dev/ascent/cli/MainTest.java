package dev.ascent.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void demoLearnsTheCurve() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        double finalLoss = FitCurveDemo.run(0, 2000, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("step     0"), text);
        // sin(2x) has variance ~0.5 on [-2, 2]; a fitted net is two orders of magnitude below that.
        assertTrue(finalLoss < 5e-3, "final loss " + finalLoss + "\n" + text);
    }

    @Test
    void unknownCommandExitsWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("frobnicate"), err.toString(StandardCharsets.UTF_8));
    }
}
