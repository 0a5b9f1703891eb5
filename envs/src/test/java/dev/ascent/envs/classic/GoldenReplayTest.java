package dev.ascent.envs.classic;

import static dev.ascent.envs.testutil.Json.arr;
import static dev.ascent.envs.testutil.Json.bool;
import static dev.ascent.envs.testutil.Json.doubles;
import static dev.ascent.envs.testutil.Json.integer;
import static dev.ascent.envs.testutil.Json.num;
import static dev.ascent.envs.testutil.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.testutil.References;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every recorded step of the golden Gymnasium trajectories ({@code shared/reference/envs/*.json}) through
 * {@code Envs.make(id)}: the recorded state is set, the recorded action applied, and the float32 observation,
 * reward, terminated and truncated flags must match exactly, the next state to 1e-12 relative. Each episode also
 * checks that {@code reset(reset_seed)} reproduces Gymnasium's initial state and observation bit for bit (PCG64).
 */
class GoldenReplayTest {

    /** States: relative tolerance (absolute for |x| < 1). Gymnasium's own numbers vary in the last bits by CPU. */
    private static final double STATE_TOLERANCE = 1e-12;

    @TestFactory
    Stream<DynamicTest> replayAllEpisodes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String id : List.of("CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0")) {
            Map<String, Object> file = References.envFile(id);
            List<Object> episodes = arr(file.get("episodes"));
            assertTrue(episodes.size() >= 10, id + " golden file has " + episodes.size() + " episodes");
            for (Object e : episodes) {
                Map<String, Object> episode = obj(e);
                tests.add(DynamicTest.dynamicTest(id + " episode " + episode.get("episode"),
                        () -> replayEpisode(id, episode)));
            }
        }
        return tests.stream();
    }

    private static void replayEpisode(String id, Map<String, Object> episode) {
        Env env = Envs.make(id);
        ClassicControlEnv unwrapped = (ClassicControlEnv) env.unwrapped();
        long seed = ((Number) episode.get("reset_seed")).longValue();
        ResetResult reset = env.reset(seed);
        String where = id + " episode " + episode.get("episode");
        // PCG64 + SeedSequence port: the initial state must be bit-identical.
        assertArrayEquals(doubles(episode.get("reset_state")), unwrapped.state(), where + " reset_state");
        assertFloatsExact(doubles(episode.get("reset_obs")), reset.observation(), where + " reset_obs");

        List<Object> steps = arr(episode.get("steps"));
        assertEquals(integer(episode.get("length")), steps.size(), where + " length");
        double episodeReturn = 0;
        for (int t = 0; t < steps.size(); t++) {
            Map<String, Object> step = obj(steps.get(t));
            String at = where + " t=" + t;
            unwrapped.setState(doubles(step.get("state")));
            StepResult r = applyAction(env, step.get("action"));
            assertFloatsExact(doubles(step.get("obs")), r.observation(), at + " obs");
            assertEquals(num(step.get("reward")), r.reward(), 0.0, at + " reward");
            assertEquals(bool(step.get("terminated")), r.terminated(), at + " terminated");
            assertEquals(bool(step.get("truncated")), r.truncated(), at + " truncated");
            double[] expectedNext = t + 1 < steps.size()
                    ? doubles(obj(steps.get(t + 1)).get("state"))
                    : doubles(episode.get("final_state"));
            assertClose(expectedNext, unwrapped.state(), at + " next state");
            episodeReturn += r.reward();
        }
        assertEquals(num(episode.get("return")), episodeReturn, 1e-9 * Math.max(1, Math.abs(episodeReturn)),
                where + " return");
        String ended = (String) episode.get("ended");
        Map<String, Object> last = obj(steps.get(steps.size() - 1));
        switch (ended) {
            case "terminated" -> assertTrue(bool(last.get("terminated")), where);
            case "truncated" -> assertTrue(bool(last.get("truncated")), where);
            case "cap" -> assertTrue(!bool(last.get("terminated")) && !bool(last.get("truncated")), where);
            default -> throw new AssertionError("unknown ended " + ended);
        }
    }

    private static StepResult applyAction(Env env, Object action) {
        if (action instanceof List<?> list) {
            double[] values = doubles(list);
            float[] a = new float[values.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) values[i];
                assertEquals(values[i], a[i], 0.0, "recorded action is a float32 value");
            }
            return env.step(a);
        }
        return env.step(integer(action));
    }

    /** Continuing the CartPole episode past termination on the unwrapped env: reward 1 then 0, counter grows. */
    @Test
    void cartPolePostTerminalBehaviourMatchesGymnasium() {
        Map<String, Object> post = obj(References.envFile("CartPole-v1").get("post_terminal_unwrapped"));
        CartPole env = new CartPole();
        env.reset(((Number) post.get("reset_seed")).longValue());
        List<Object> steps = arr(post.get("steps"));
        int terminalSteps = 0;
        for (int t = 0; t < steps.size(); t++) {
            Map<String, Object> step = obj(steps.get(t));
            double[] recordedState = doubles(step.get("state"));
            if (t == 0) {
                assertArrayEquals(recordedState, env.state(), "reset state for seed 42");
            } else {
                assertClose(recordedState, env.state(), "continued state t=" + t);
            }
            env.setState(recordedState);
            StepResult r = env.step(integer(step.get("action")));
            assertFloatsExact(doubles(step.get("obs")), r.observation(), "post-terminal obs t=" + t);
            assertEquals(num(step.get("reward")), r.reward(), 0.0, "post-terminal reward t=" + t);
            assertEquals(bool(step.get("terminated")), r.terminated(), "terminated t=" + t);
            assertEquals(bool(step.get("truncated")), r.truncated(), "truncated t=" + t);
            Object beyond = step.get("steps_beyond_terminated");
            assertEquals(beyond == null ? -1 : integer(beyond), env.stepsBeyondTerminated(), "steps_beyond t=" + t);
            if (r.terminated()) {
                terminalSteps++;
            }
        }
        assertEquals(3, terminalSteps, "the recording steps 3 times from the first termination on");
        assertEquals(0.0, obj(steps.get(steps.size() - 1)).get("reward") instanceof Number n ? n.doubleValue() : -1);
    }

    static void assertFloatsExact(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            float e = (float) expected[i];
            if (Float.floatToIntBits(e) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: expected " + e + " but was " + actual[i]
                        + " (expected " + Arrays.toString(expected) + ", actual " + Arrays.toString(actual) + ")");
            }
        }
    }

    static void assertArrayEquals(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tol = STATE_TOLERANCE * Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]
                        + " (diff " + Math.abs(expected[i] - actual[i]) + ")");
            }
        }
    }
}
