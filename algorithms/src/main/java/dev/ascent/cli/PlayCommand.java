package dev.ascent.cli;

import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.run.Evaluation;
import dev.ascent.envs.render.GifWriter;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.Envs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ascent play <run>}: renders greedy episodes to an animated GIF. */
@Command(name = "play", mixinStandardHelpOptions = true, description = "Watch a trained policy: render episodes to an animated GIF.")
final class PlayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<run>", description = "Run directory (or a model.safetensors file).")
    Path run;

    @Option(names = "--episodes", defaultValue = "1", paramLabel = "N", description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--gif", paramLabel = "FILE", description = "Where to write the GIF (default: <run>/play.gif).")
    Path gif;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the episodes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) throw new UsageException("--episodes must be at least 1, got " + episodes);
        TrainedPolicy policy = RunDirectories.loadPolicy(run);
        List<RgbFrame> frames = new ArrayList<>();
        Evaluation e = Evaluation.run(policy, policy.envId(), episodes, true, seed, frames::add);
        Path target = gif != null ? gif : (Files.isDirectory(run) ? run : run.toAbsolutePath().getParent()).resolve("play.gif");
        int fps;
        try (var env = Envs.make(policy.envId())) {
            fps = env.renderFps();
        }
        if (target.toAbsolutePath().getParent() != null) Files.createDirectories(target.toAbsolutePath().getParent());
        GifWriter.write(target, frames, fps);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d episode(s), return %s; %d frames written to %s%n", episodes, e.summary(), frames.size(), target);
        out.flush();
        return 0;
    }
}
