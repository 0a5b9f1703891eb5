package dev.ascent.cli;

import dev.ascent.algorithms.run.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress bar of {@code ascent train}: steps, steps/s, the mean return of recent episodes and the ETA.
 * On a terminal it is me.tongfei's progress bar; without one (pipes, CI logs) it prints a plain line every 10%.
 */
final class ConsoleProgress implements ProgressListener {
    private final PrintWriter fallback;
    private final boolean interactive;
    private ProgressBar bar;
    private long nextLine;
    private long total;

    ConsoleProgress(PrintWriter fallback, boolean interactive) {
        this.fallback = fallback;
        this.interactive = interactive;
    }

    @Override
    public void start(String title, long step, long total) {
        this.total = total;
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(title).setInitialMax(total).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250).setMaxRenderedLength(120).build();
            bar.stepTo(step);
        }
        nextLine = step + total / 10;
    }

    @Override
    public void update(long step, long total, double stepsPerSecond, double recentMeanReturn, int episodes) {
        String ret = Double.isNaN(recentMeanReturn) ? "-" : String.format(Locale.ROOT, "%.1f", recentMeanReturn);
        String msg = String.format(Locale.ROOT, "%,.0f steps/s | return %s (%d ep)", stepsPerSecond, ret, episodes);
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(msg);
        } else if (step >= nextLine || step >= total) {
            fallback.printf(Locale.ROOT, "step %,d/%,d (%.0f%%) | %s%n", step, total, 100.0 * step / total, msg);
            fallback.flush();
            nextLine = step + total / 10;
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
