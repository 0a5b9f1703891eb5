package dev.ascent.algorithms.run;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Redraws {@code learning_curve.png} on a background thread, so that drawing never stalls training.
 *
 * <p>Why: a redraw takes about 0.1 s, and the first one in a JVM 0.5–1 s (it loads AWT, fonts and XChart).
 * On the training thread that was 5–10% of the README's main job. Drawing reads only a copy of the
 * episodes, so it cannot change what the run computes; results stay bit-identical.
 *
 * <p>A request made while a redraw is still running is dropped: the next one draws newer data anyway.
 * {@link #finish} always draws the final curve and waits for it. A failed redraw is not lost: its
 * exception is rethrown by the next call.
 */
final class LearningCurveWriter implements AutoCloseable {
    private final Path path;
    private final String title;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ascent-learning-curve");
        t.setDaemon(true); // never keeps a finished (or failed) run's JVM alive
        return t;
    });
    private Future<?> running;

    LearningCurveWriter(Path path, String title) {
        this.path = path;
        this.title = title;
    }

    /** Starts a redraw of the curve through {@code count} episodes, unless one is still running. */
    void redraw(double[] steps, double[] returns, int count) throws IOException {
        if (running != null) {
            if (!running.isDone()) return;
            collect();
        }
        running = thread.submit(() -> {
            try {
                LearningCurvePlot.write(path, title, steps, returns, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Draws the final curve and returns once the file is written. */
    void finish(double[] steps, double[] returns, int count) throws IOException {
        if (running != null) collect();
        redraw(steps, returns, count);
        collect();
    }

    /** Waits for the running redraw and rethrows its failure. */
    private void collect() throws IOException {
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while drawing " + path);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException io) throw io;
            throw new IOException("drawing " + path + " failed: " + cause, cause);
        } finally {
            running = null;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
