package dev.ascent.benchmarks;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.run.Evaluation;
import dev.ascent.algorithms.run.ProgressListener;
import dev.ascent.algorithms.run.RunConfig;
import dev.ascent.algorithms.run.TrainingRun;
import dev.ascent.inference.TrainedPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning benchmark of issue #6 (not CI): for each row, train with the preset for each seed, then report
 * the final 100-episode deterministic evaluation (mean ± std over seeds of the per-seed means) and the step at
 * which the mean of the last 20 training episodes first reached the threshold. Writes a Markdown table.
 * <pre>
 * benchmarks/run --learning [out.md] [seeds] [row-filter]     (e.g. --learning dqn.md 3 "dqn CartPole")
 * </pre>
 * The script runs it on the pure-Java backend ({@code -Dascent.backend=java}), as the {@code ascent} command
 * trains, so a row's runs are the ones {@code ascent train <algo> --env <id> --seed <s>} would make.
 */
public final class LearningBenchmark {
    /**
     * One benchmark row: train for {@code budget} steps. {@code schedule} is the run length the settings are
     * resolved for (learning-rate annealing, exploration), when it differs from the budget: 0 means the budget.
     */
    public record Row(String algo, String env, double threshold, long budget, long schedule, String reference) {
        public Row(String algo, String env, double threshold, long budget, String reference) {
            this(algo, env, threshold, budget, 0, reference);
        }

        long scheduleSteps() {
            return schedule > 0 ? schedule : budget;
        }
    }

    public static final List<Row> ROWS = List.of(
            // CleanRL's ppo.py anneals over its default 500k steps; the PyTorch reference's 124k–203k are from that schedule.
            new Row("ppo", "CartPole-v1", 475, 200_000, 500_000, "CleanRL-style PPO in PyTorch: 124k–203k steps; zoo: 500 at 100k"),
            new Row("ppo", "Pendulum-v1", -200, 200_000, "zoo: -172 at 100k"),
            new Row("ppo", "Acrobot-v1", -85, 500_000, "zoo: -73.5 at 1M"),
            new Row("a2c", "CartPole-v1", 475, 500_000, "zoo: 500 at 500k"),
            new Row("dqn", "CartPole-v1", 475, 100_000, "zoo: 500 at 50k"),
            new Row("reinforce", "CartPole-v1", 475, 500_000, "the seeds' REINFORCE in PyTorch never held 475 in 100k steps"),
            new Row("vpg", "CartPole-v1", 475, 500_000, "Spinning Up VPG"));

    private LearningBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "learning-benchmark.md");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String filter = args.length > 2 ? args[2] : "";
        StringBuilder md = new StringBuilder("| algo | env | budget | eval (100 ep, deterministic) | steps to threshold (20-ep training mean) | wall time | reference |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : ROWS) {
            if (!(row.algo() + " " + row.env()).contains(filter)) continue;
            List<Double> evals = new ArrayList<>();
            List<String> reached = new ArrayList<>();
            double wall = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                RunConfig config = RunConfig.resolve(row.algo(), row.env(), row.scheduleSteps(), seed, Map.of());
                Path dir = Files.createTempDirectory("ascent-learning-benchmark");
                long t0 = System.nanoTime();
                long[] first = {-1};
                try (TrainingRun run = TrainingRun.start(dir.resolve("run"), config)) {
                    Learner l = run.learner();
                    run.train(new ProgressListener() {
                        @Override
                        public void update(long step, long total, double sps, double mean, int episodes) {
                            if (first[0] < 0 && episodes >= 20 && mean >= row.threshold()) first[0] = step;
                        }
                    }, row.budget());
                    wall += (System.nanoTime() - t0) / 1e9;
                    TrainedPolicy p = TrainedPolicy.load(run.directory().resolve("model.safetensors"));
                    Evaluation e = Evaluation.run(p, row.env(), 100, true, seed);
                    evals.add(e.meanReturn());
                    reached.add(first[0] < 0 ? "never" : String.format(Locale.ROOT, "%,d", first[0]));
                    System.out.printf(Locale.ROOT, "%s %s seed %d: eval %s, threshold at %s, %d steps%n", row.algo(), row.env(), seed, e.summary(), reached.get(reached.size() - 1), l.globalStep());
                } finally {
                    deleteRecursively(dir);
                }
            }
            double mean = evals.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
            double std = Math.sqrt(evals.stream().mapToDouble(x -> (x - mean) * (x - mean)).average().orElse(0));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f ± %.1f (%d seeds: %s) | %s | %.0f s | %s |%n", row.algo().toUpperCase(Locale.ROOT), row.env(),
                    row.schedule() > 0 ? String.format(Locale.ROOT, "%,d (schedule %,d)", row.budget(), row.schedule()) : String.format(Locale.ROOT, "%,d", row.budget()),
                    mean, std, evals.size(), evals, String.join(", ", reached), wall, row.reference()));
        }
        Files.writeString(out, md.toString());
        System.out.print(md);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
