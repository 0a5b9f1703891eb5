package dev.ascent.cli;

import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.run.Evaluation;
import dev.ascent.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ascent eval <run>}: mean ± std of the return over N episodes. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a trained policy: mean ± std of the return.")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<run>", description = "Run directory (or a model.safetensors file).")
    Path run;

    @Option(names = "--episodes", defaultValue = "100", paramLabel = "N", description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--deterministic", description = "Greedy actions (argmax / Gaussian mean) instead of sampling.")
    boolean deterministic;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the evaluation episodes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object: mean_return, std_return, episodes, env.")
    boolean json;

    @Override
    public Integer call() {
        if (episodes < 1) throw new UsageException("--episodes must be at least 1, got " + episodes);
        TrainedPolicy policy = RunDirectories.loadPolicy(run);
        Evaluation e = Evaluation.run(policy, policy.envId(), episodes, deterministic, seed);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean_return", e.meanReturn());
            m.put("std_return", e.stdReturn());
            m.put("episodes", episodes);
            m.put("env", policy.envId());
            m.put("deterministic", deterministic);
            out.println(Json.write(m));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%s): mean return %s%n", run, policy.envId(), deterministic ? "deterministic" : "stochastic", e.summary());
        }
        out.flush();
        return 0;
    }
}
