package dev.ascent.cli;

import dev.ascent.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train → eval → play through the command line, and exit code 2 with a message for bad input. */
class CliTest {
    record Result(int code, String out, String err) {}

    static Result ascent(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void trainEvalPlayProduceTheFiles(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Result r = ascent("train", "ppo", "--env", "CartPole-v1", "--steps", "1024", "--seed", "3", "--out", run.toString(),
                "--set", "num_steps=64", "--set", "num_minibatches=2", "--eval-episodes", "2", "--no-progress");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("Outputs in " + run), r.out());
        for (String f : List.of("config.json", "metrics.csv", "episodes.csv", "learning_curve.png", "model.safetensors", "checkpoint.safetensors")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        Map<String, Object> config = Json.parseObject(Files.readString(run.resolve("config.json")));
        assertEquals(3L, config.get("seed"));
        assertTrue(config.get("backend").toString().length() > 0);
        assertEquals(64L, ((Map<?, ?>) config.get("settings")).get("num_steps"));
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(1 + 4, metrics.size(), String.join("\n", metrics)); // header + 1024 / (4 x 64) updates
        assertTrue(metrics.get(0).contains("steps_per_second") && metrics.get(0).contains("approx_kl") && metrics.get(0).contains("clip_fraction"));

        r = ascent("eval", run.toString(), "--episodes", "3", "--deterministic", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = Json.parseObject(r.out().trim());
        assertEquals("CartPole-v1", json.get("env"));
        assertEquals(3L, json.get("episodes"));
        assertTrue(json.containsKey("mean_return") && json.containsKey("std_return"));

        Path gif = tmp.resolve("play.gif");
        r = ascent("play", run.toString(), "--gif", gif.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(gif) > 1000);

        // Resuming a finished run continues nothing and keeps the files consistent.
        r = ascent("train", "--resume", run.toString(), "--eval-episodes", "0", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals(metrics, Files.readAllLines(run.resolve("metrics.csv")));
    }

    @Test
    void badInputGivesExitCodeTwoAndAMessage(@TempDir Path tmp) throws Exception {
        String[][] cases = {
                {"train", "frobnicate", "--env", "CartPole-v1"},
                {"train", "ppo", "--env", "NoSuchEnv-v0"},
                {"train", "ppo", "--env", "CartPole-v1", "--set", "no_such_key=1"},
                {"train", "ppo", "--env", "CartPole-v1", "--set", "learning_rate=fast"},
                {"train", "ppo", "--env", "CartPole-v1", "--steps", "many"},
                {"train", "ppo"},
                {"eval", tmp.resolve("missing").toString()},
                {"eval", tmp.toString()},
                {"play", tmp.toString()},
                {"train", "--resume", tmp.toString()},
                {"frobnicate"},
        };
        for (String[] c : cases) {
            Result r = ascent(c);
            assertEquals(2, r.code(), String.join(" ", c) + "\n" + r.err() + r.out());
            assertTrue(r.err().startsWith("ascent: "), String.join(" ", c) + " -> " + r.err());
            assertFalse(r.err().contains("\tat "), "stack trace for " + String.join(" ", c) + ":\n" + r.err());
        }
        assertTrue(ascent("train", "ppo", "--env", "CartPole-v1", "--set", "no_such_key=1").err().contains("learning_rate"));
    }

    @Test
    void listsEnvsAndAlgosAndKeepsTheDemo() {
        Result envs = ascent("envs");
        assertEquals(0, envs.code());
        assertTrue(envs.out().contains("CartPole-v1") && envs.out().contains("Pendulum-v1"));
        Result algos = ascent("algos", "--settings");
        assertEquals(0, algos.code());
        assertTrue(algos.out().contains("ppo") && algos.out().contains("clip_coef"));
        assertEquals(0, ascent("backend").code());
    }

    @Test
    void everyCommandPrintsItsHelp() {
        String[][] expected = {{"train", "--env"}, {"eval", "--deterministic"}, {"play", "--gif"}, {"envs", "Usage"},
                {"algos", "--settings"}, {"demo", "Usage"}, {"backend", "Usage"}};
        for (String[] e : expected) {
            Result r = ascent(e[0], "--help");
            assertEquals(0, r.code(), e[0] + " --help\n" + r.err());
            assertTrue(r.out().contains("Usage: ascent " + e[0]) && r.out().contains(e[1]), e[0] + " --help printed:\n" + r.out());
        }
    }
}
