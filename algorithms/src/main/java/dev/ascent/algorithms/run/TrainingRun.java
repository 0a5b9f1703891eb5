package dev.ascent.algorithms.run;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.NonFiniteLossException;
import dev.ascent.algorithms.TrainingSetup;
import dev.ascent.io.Checkpoint;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drives one training run and keeps its directory: the part every algorithm shares (SB3's {@code learn()}
 * loop with its callbacks and logger). Around each {@link Learner#iterate()} it writes a row of
 * {@code metrics.csv}, records finished episodes in {@code episodes.csv}, updates the progress listener,
 * redraws {@code learning_curve.png} every few seconds (on a drawing thread, see {@link LearningCurveWriter}),
 * and checkpoints.
 *
 * <p>Directory: {@code config.json}, {@code metrics.csv}, {@code episodes.csv}, {@code learning_curve.png},
 * {@code model.safetensors} (the policy for {@code eval}, {@code play} and embedding) and
 * {@code checkpoint.safetensors} (everything {@code --resume} needs). Both safetensors files are written
 * atomically, at most every {@link #CHECKPOINT_SECONDS} seconds and at the end, always between iterations;
 * a run that stops with a non-finite loss keeps its last good checkpoint. Resuming truncates the CSV files to
 * the checkpoint, so a resumed run's files equal an uninterrupted run's (apart from wall times).
 */
public final class TrainingRun implements AutoCloseable {
    /** Episodes in the "recent mean return" of the progress bar and {@code metrics.csv}. */
    public static final int RECENT_EPISODES = 20;
    /** Seconds between checkpoints (and at the end). */
    public static final double CHECKPOINT_SECONDS = 60;
    /** Seconds between redraws of the learning curve. */
    public static final double PLOT_SECONDS = 10;

    private final Path dir;
    private final RunConfig config;
    private final Learner learner;
    private final List<double[]> episodes = new ArrayList<>(); // {step, return, length}
    private BufferedWriter metricsOut, episodesOut;
    private final LearningCurveWriter curve;
    private List<String> metricColumns;
    private double wallOffset;
    private long startNanos;
    private long checkpointEvery = Long.MAX_VALUE;

    private TrainingRun(Path dir, RunConfig config) {
        this.dir = dir;
        this.config = config;
        this.curve = new LearningCurveWriter(dir.resolve("learning_curve.png"), config.algo() + " on " + config.envId() + " (seed " + config.seed() + ")");
        try {
            this.learner = config.algorithm().create(config.settings(),
                    new TrainingSetup(config.envId(), config.totalTimesteps(), config.seed(), this::onEpisode));
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(e.getMessage(), e);
        }
    }

    /** Creates the run directory (which must not hold a run yet) and writes {@code config.json}. */
    public static TrainingRun start(Path dir, RunConfig config) throws IOException {
        if (Files.exists(dir.resolve("config.json"))) {
            throw new InvalidRunException(dir + " already holds a run; choose another --out or continue it with --resume " + dir);
        }
        Files.createDirectories(dir);
        TrainingRun run = new TrainingRun(dir, config);
        config.write(dir);
        run.metricsOut = Files.newBufferedWriter(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
        run.episodesOut = Files.newBufferedWriter(dir.resolve("episodes.csv"), StandardCharsets.UTF_8);
        run.episodesOut.write("step,return,length,wall_time\n");
        return run;
    }

    /** Reopens a run directory at its last checkpoint. */
    public static TrainingRun resume(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new InvalidRunException(dir + ": no such run directory");
        RunConfig config = RunConfig.read(dir);
        Path ckpt = dir.resolve("checkpoint.safetensors");
        if (!Files.isRegularFile(ckpt)) throw new InvalidRunException(dir + " has no checkpoint.safetensors to resume from");
        TrainingRun run = new TrainingRun(dir, config);
        Checkpoint c;
        try {
            c = Checkpoint.read(ckpt);
            run.learner.restore(c);
        } catch (IOException | IllegalArgumentException e) {
            run.learner.close();
            throw new InvalidRunException("cannot resume from " + ckpt + ": " + e.getMessage(), e);
        }
        run.wallOffset = Double.parseDouble(c.metadata("wall_time"));
        run.truncateFiles(run.learner.iteration(), run.learner.globalStep());
        return run;
    }

    public Path directory() {
        return dir;
    }

    public RunConfig config() {
        return config;
    }

    public Learner learner() {
        return learner;
    }

    /** Trains to the end of the budget (or a stop), then writes the final checkpoint, model and plot. */
    public void train(ProgressListener progress) throws IOException {
        train(progress, Long.MAX_VALUE);
    }

    /**
     * Trains until the budget ends or the learner has taken at least {@code stopAtStep} steps, whichever comes
     * first, then writes the final checkpoint, model and plot. Stopping early keeps the schedules (learning-rate
     * annealing, ε) of the full budget: the learning benchmark uses it to run CleanRL's 500k-step PPO
     * configuration for a 200k-step budget, as the PyTorch reference did.
     */
    public void train(ProgressListener progress, long stopAtStep) throws IOException {
        startNanos = System.nanoTime();
        String title = config.algo() + " " + config.envId();
        progress.start(title, learner.globalStep(), config.totalTimesteps());
        plot(false); // also loads AWT and XChart on the drawing thread while training starts
        double lastCheckpoint = 0, lastPlot = 0;
        long stepAtStart = learner.globalStep();
        try {
            while (!learner.finished() && learner.globalStep() < stopAtStep) {
                long before = learner.globalStep();
                double t0 = elapsed();
                Map<String, Double> m = learner.iterate();
                double t1 = elapsed();
                double sps = (learner.globalStep() - before) / Math.max(1e-9, t1 - t0);
                writeMetrics(m, sps);
                progress.update(learner.globalStep(), config.totalTimesteps(), (learner.globalStep() - stepAtStart) / Math.max(1e-9, t1), recentMeanReturn(), episodes.size());
                if (t1 - lastPlot >= PLOT_SECONDS) {
                    plot(false);
                    lastPlot = elapsed();
                }
                if (t1 - lastCheckpoint >= CHECKPOINT_SECONDS || learner.iteration() % checkpointEvery == 0) {
                    checkpoint();
                    lastCheckpoint = elapsed();
                }
            }
        } catch (NonFiniteLossException e) {
            flush();
            progress.finish();
            throw e;
        }
        flush();
        checkpoint();
        plot(true);
        progress.finish();
    }

    /** Also checkpoint every {@code n} iterations (tests use it to resume from a known point). */
    public void checkpointEvery(long n) {
        this.checkpointEvery = n;
    }

    /** Writes {@code checkpoint.safetensors} and {@code model.safetensors}, atomically each. */
    public void checkpoint() throws IOException {
        flush();
        Checkpoint.Builder b = Checkpoint.builder();
        learner.save(b);
        b.metadata("algo", config.algo());
        b.metadata("env", config.envId());
        b.metadata("wall_time", Double.toString(elapsed()));
        b.build().write(dir.resolve("checkpoint.safetensors"));
        learner.exportPolicy().write(dir.resolve("model.safetensors"));
    }

    /** Hands a copy of the episodes to the drawing thread; the final redraw waits until the file is written. */
    private void plot(boolean last) throws IOException {
        int n = episodes.size();
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = episodes.get(i)[0];
            y[i] = episodes.get(i)[1];
        }
        if (last) curve.finish(x, y, n);
        else curve.redraw(x, y, n);
    }

    private double elapsed() {
        return wallOffset + (System.nanoTime() - startNanos) / 1e9;
    }

    private void onEpisode(long step, double ret, int length) {
        episodes.add(new double[] {step, ret, length});
        try {
            episodesOut.write(step + "," + num(ret) + "," + length + "," + num(elapsed()) + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Mean return of the last {@link #RECENT_EPISODES} episodes, NaN before the first. */
    public double recentMeanReturn() {
        return recentMean(1);
    }

    private double recentMean(int column) {
        int n = episodes.size();
        if (n == 0) return Double.NaN;
        double s = 0;
        int k = Math.min(n, RECENT_EPISODES);
        for (int i = n - k; i < n; i++) s += episodes.get(i)[column];
        return s / k;
    }

    private void writeMetrics(Map<String, Double> m, double sps) throws IOException {
        if (metricColumns == null) {
            metricColumns = new ArrayList<>(m.keySet());
            if (!Files.exists(dir.resolve("metrics.csv")) || Files.size(dir.resolve("metrics.csv")) == 0) {
                metricsOut.write("iteration,step,wall_time,episodes,mean_return,mean_length,steps_per_second," + String.join(",", metricColumns) + "\n");
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(learner.iteration()).append(',').append(learner.globalStep()).append(',').append(num(elapsed())).append(',')
                .append(episodes.size()).append(',').append(num(recentMean(1))).append(',').append(num(recentMean(2))).append(',')
                .append(num(sps));
        for (String k : metricColumns) sb.append(',').append(num(m.getOrDefault(k, Double.NaN)));
        metricsOut.write(sb.append('\n').toString());
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Drops rows written after the checkpoint and reloads the episodes, so a resumed run continues its files exactly. */
    private void truncateFiles(long iteration, long step) throws IOException {
        Path metrics = dir.resolve("metrics.csv"), eps = dir.resolve("episodes.csv");
        List<String> keptMetrics = new ArrayList<>();
        if (Files.exists(metrics)) {
            List<String> lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (i == 0) {
                    keptMetrics.add(line);
                    String[] cols = line.split(",");
                    metricColumns = new ArrayList<>(List.of(cols).subList(Math.min(7, cols.length), cols.length));
                } else if (!line.isEmpty() && Long.parseLong(line.substring(0, line.indexOf(','))) <= iteration) {
                    keptMetrics.add(line);
                }
            }
        }
        List<String> keptEpisodes = new ArrayList<>();
        keptEpisodes.add("step,return,length,wall_time");
        if (Files.exists(eps)) {
            List<String> lines = Files.readAllLines(eps, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length < 3) continue;
                long s = Long.parseLong(f[0]);
                if (s > step) continue;
                keptEpisodes.add(lines.get(i));
                episodes.add(new double[] {s, Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        Files.write(metrics, keptMetrics, StandardCharsets.UTF_8);
        Files.write(eps, keptEpisodes, StandardCharsets.UTF_8);
        metricsOut = Files.newBufferedWriter(metrics, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        episodesOut = Files.newBufferedWriter(eps, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private void flush() throws IOException {
        metricsOut.flush();
        episodesOut.flush();
    }

    @Override
    public void close() {
        try {
            if (metricsOut != null) metricsOut.close();
            if (episodesOut != null) episodesOut.close();
        } catch (IOException ignored) {
            // closing after a flush cannot lose data
        } finally {
            curve.close();
            learner.close();
        }
    }
}
