package dev.ascent.algorithms.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingRunTest {

    @Test
    void stoppingEarlyKeepsTheFullBudgetsSchedule(@TempDir Path dir) throws Exception {
        // CleanRL's CartPole PPO: 4 envs x 128 steps = 512 steps per iteration, lr 2.5e-4 annealed over the budget.
        RunConfig config = RunConfig.resolve("ppo", "CartPole-v1", 10_240L, 1L, Map.of());
        try (TrainingRun run = TrainingRun.start(dir.resolve("run"), config)) {
            run.train(ProgressListener.NONE, 2_000);
            // Stops at the first iteration boundary at or past the stop: 4 iterations, 2,048 steps.
            assertEquals(2_048, run.learner().globalStep());
        }
        List<String> rows = Files.readAllLines(dir.resolve("run").resolve("metrics.csv"));
        assertEquals(1 + 4, rows.size(), "one header and one row per iteration");
        String[] header = rows.get(0).split(","), last = rows.get(4).split(",");
        int lr = List.of(header).indexOf("learning_rate");
        // Iteration 4 of the 20 the 10,240-step budget has: lr = (1 - 3/20) * 2.5e-4, not (1 - 3/4) * 2.5e-4.
        assertEquals((1 - 3.0 / 20) * 2.5e-4, Double.parseDouble(last[lr]), 1e-12);
    }
}
