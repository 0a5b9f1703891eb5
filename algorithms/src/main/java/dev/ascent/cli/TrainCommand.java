package dev.ascent.cli;

import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.run.Evaluation;
import dev.ascent.algorithms.run.ProgressListener;
import dev.ascent.algorithms.run.RunConfig;
import dev.ascent.algorithms.run.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ascent train <algo> --env <id> ...}: trains and keeps a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train an agent; outputs go to a run directory (config, metrics, curve, model, checkpoint).")
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<algo>", description = "Algorithm (see 'ascent algos').")
    String algo;

    @Option(names = "--env", paramLabel = "<id>", description = "Environment id (see 'ascent envs').")
    String env;

    @Option(names = "--steps", paramLabel = "N", description = "Environment steps to train for (default: the preset's).")
    Long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<algo>-<env>-s<seed>).")
    Path out;

    @Option(names = "--set", paramLabel = "key=value", description = "Override a setting, e.g. --set learning_rate=1e-3 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last checkpoint.")
    Path resume;

    @Option(names = "--no-progress", description = "Print a line every 10%% instead of a live progress bar.")
    boolean noProgress;

    @Option(names = "--eval-episodes", defaultValue = "10", paramLabel = "N", description = "Deterministic evaluation episodes after training (0: none; default: ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        TrainingRun run;
        if (resume != null) {
            if (algo != null || env != null || steps != null || !overrides.isEmpty() || out != null) {
                throw new UsageException("--resume continues a run with its own settings; give no algorithm, --env, --steps, --set or --out with it");
            }
            run = TrainingRun.resume(resume);
            o.printf(Locale.ROOT, "Resuming %s on %s in %s at step %,d of %,d%n", run.config().algo(), run.config().envId(), resume,
                    run.learner().globalStep(), run.config().totalTimesteps());
        } else {
            if (algo == null) throw new UsageException("missing <algo>: ascent train <algo> --env <id> (see 'ascent algos')");
            if (env == null) throw new UsageException("missing --env <id> (see 'ascent envs')");
            RunConfig config = RunConfig.resolve(algo, env, steps, seed, overrides);
            Path dir = out != null ? out : defaultDirectory(config);
            run = TrainingRun.start(dir, config);
            o.printf(Locale.ROOT, "Training %s on %s for %,d steps (seed %d) in %s%n", config.algo(), config.envId(), config.totalTimesteps(), config.seed(), dir);
        }
        o.flush();
        boolean interactive = !noProgress && System.console() != null;
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(), interactive);
        long t0 = System.nanoTime();
        try (TrainingRun r = run) {
            r.train(progress);
            double secs = (System.nanoTime() - t0) / 1e9;
            Path dir = r.directory();
            o.printf(Locale.ROOT, "Done: %,d steps in %.1f s (%,.0f steps/s); mean return of the last %d training episodes: %.2f%n",
                    r.learner().globalStep(), secs, r.learner().globalStep() / Math.max(secs, 1e-9), TrainingRun.RECENT_EPISODES, r.recentMeanReturn());
            if (evalEpisodes > 0) {
                TrainedPolicy policy = TrainedPolicy.load(dir.resolve("model.safetensors"));
                Evaluation e = Evaluation.run(policy, r.config().envId(), evalEpisodes, true, r.config().seed());
                o.printf(Locale.ROOT, "Evaluation (deterministic): %s%n", e.summary());
            }
            o.printf("Outputs in %s:%n", dir);
            o.println("  config.json         every setting, the seed, version and backend");
            o.println("  metrics.csv         one row per update (losses, KL, clip fraction, steps/s)");
            o.println("  episodes.csv        every training episode");
            o.println("  learning_curve.png  return against steps");
            o.println("  model.safetensors   the trained policy (ascent eval/play, or TrainedPolicy.load)");
            o.println("  checkpoint.safetensors  resumable state (ascent train --resume " + dir + ")");
            o.printf("Next: ./ascent eval %s --deterministic   |   ./ascent play %s --gif %s%n", dir, dir, dir.resolve("play.gif"));
            o.flush();
        }
        return 0;
    }

    private static Path defaultDirectory(RunConfig c) {
        Path base = Path.of("runs", c.algo() + "-" + c.envId() + "-s" + c.seed());
        Path p = base;
        for (int k = 2; Files.exists(p); k++) p = Path.of(base + "-" + k);
        return p;
    }

}
