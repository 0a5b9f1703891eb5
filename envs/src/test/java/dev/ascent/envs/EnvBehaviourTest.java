package dev.ascent.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.classic.Acrobot;
import dev.ascent.envs.classic.CartPole;
import dev.ascent.envs.classic.ClassicControlEnv;
import dev.ascent.envs.classic.ContinuousMountainCar;
import dev.ascent.envs.classic.MountainCar;
import dev.ascent.envs.classic.Pendulum;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** API behaviour common to all environments: seeding, errors, spaces, time limits. */
class EnvBehaviourTest {

    private static final List<String> IDS = List.of("CartPole-v0", "CartPole-v1", "Pendulum-v1", "Acrobot-v1",
            "MountainCar-v0", "MountainCarContinuous-v0");

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v0", "CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0",
        "MountainCarContinuous-v0"})
    void sameSeedGivesTheSameResetSequenceAndObservationsStayInTheSpace(String id) {
        Env a = Envs.make(id);
        Env b = Envs.make(id);
        float[] firstA = a.reset(2024).observation();
        float[] firstB = b.reset(2024).observation();
        assertArrayEquals(firstA, firstB, 0f);
        assertTrue(a.observationSpace().contains(firstA), id + " reset obs in space");
        for (int i = 0; i < 5; i++) {
            // reset() without a seed continues the generator: same sequence for both.
            assertArrayEquals(a.reset().observation(), b.reset().observation(), 0f);
        }
        assertArrayEquals(firstA, a.reset(2024).observation(), 0f, "re-seeding restarts the sequence");
        assertFalse(java.util.Arrays.equals(firstA, a.reset(2025).observation()), "another seed, another start");
    }

    @Test
    void firstResetWithoutSeedIsNondeterministic() {
        Env a = Envs.make("CartPole-v1");
        Env b = Envs.make("CartPole-v1");
        assertFalse(java.util.Arrays.equals(a.reset().observation(), b.reset().observation()));
        AbstractEnv base = (AbstractEnv) a.unwrapped();
        long seed = base.npRandomSeed();
        Env replay = Envs.make("CartPole-v1");
        replay.reset(seed);
        assertArrayEquals(((ClassicControlEnv) replay.unwrapped()).state(), ((CartPole) base).state(), 0.0,
                "the drawn seed replays the episode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v0", "CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0",
        "MountainCarContinuous-v0"})
    void timeLimitTruncatesAtTheRegisteredStep(String id) {
        Env env = Envs.make(id);
        int limit = Envs.spec(id).maxEpisodeSteps().getAsInt();
        env.reset(1);
        ClassicControlEnv inner = (ClassicControlEnv) env.unwrapped();
        for (int t = 1; t <= limit; t++) {
            // Keep every environment alive by resetting its physical state to a non-terminal one.
            inner.setState(calmState(id));
            StepResult r = step(env, id);
            assertFalse(r.terminated(), id + " t=" + t);
            assertEquals(t == limit, r.truncated(), id + " truncated at t=" + t);
        }
        env.reset();
        assertFalse(step(env, id).truncated(), "reset restarts the count");
    }

    private static double[] calmState(String id) {
        return switch (id) {
            case "Pendulum-v1", "MountainCar-v0", "MountainCarContinuous-v0" -> new double[] {-0.5, 0.0};
            default -> new double[] {0, 0, 0, 0};
        };
    }

    private static StepResult step(Env env, String id) {
        return env.actionSpace() instanceof Discrete ? env.step(1) : env.step(new float[] {0f});
    }

    @Test
    void terminationAndTruncationCanHappenOnTheSameStep() {
        Env env = Envs.make("CartPole-v1", MakeOptions.defaults().withMaxEpisodeSteps(1));
        env.reset(0);
        ((CartPole) env.unwrapped()).setState(new double[] {2.39, 5.0, 0, 0});
        StepResult r = env.step(1);
        assertTrue(r.terminated());
        assertTrue(r.truncated());
    }

    @Test
    void badActionsNameTheValueAndTheSpace() {
        Env cartPole = Envs.make("CartPole-v1");
        cartPole.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cartPole.step(3));
        assertEquals("action 3 is not in Discrete(2): expected an integer in [0, 2)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cartPole.step(-1));
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> cartPole.step(new float[] {1f}));
        assertTrue(kind.getMessage().contains("call step(int)"), kind.getMessage());

        Env pendulum = Envs.make("Pendulum-v1");
        pendulum.reset(0);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> pendulum.step(new float[] {Float.NaN}));
        assertEquals("action [NaN] is not in Box(-2.0, 2.0, (1,), float32): NaN at index 0", nan.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> pendulum.step(new float[] {1f, 1f}));
        assertTrue(len.getMessage().contains("expected 1 value, got 2"), len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pendulum.step(0));
        assertThrows(IllegalArgumentException.class, () -> new Acrobot().step(3), "the action is checked first");
        assertThrows(IllegalStateException.class, () -> Envs.make("Acrobot-v1").step(3), "OrderEnforcing is outside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0"})
    void steppingBeforeResetIsAnIllegalState(String id) {
        Env wrapped = Envs.make(id);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step(wrapped, id));
        assertEquals("Cannot call env.step() before calling env.reset()", e.getMessage());
        Env bare = Envs.make(id, MakeOptions.defaults().withOrderEnforce(false)).unwrapped();
        IllegalStateException inner = assertThrows(IllegalStateException.class, () -> step(bare, id));
        assertTrue(inner.getMessage().contains("before reset()"), inner.getMessage());
        assertThrows(IllegalStateException.class, () -> ((ClassicControlEnv) bare).state());
    }

    @Test
    void negativeSeedsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v1").reset(-3));
    }

    @Test
    void resetOptionsSetTheInitialRange() {
        Env env = Envs.make("CartPole-v1");
        float[] obs = env.reset(5L, Map.of("low", -0.001, "high", 0.001)).observation();
        for (float v : obs) {
            assertTrue(Math.abs(v) <= 0.001f, java.util.Arrays.toString(obs));
        }
        assertThrows(IllegalArgumentException.class, () -> env.reset(5L, Map.of("low", 1.0, "high", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> env.reset(5L, Map.of("low", "abc")));
        Env pendulum = Envs.make("Pendulum-v1");
        pendulum.reset(1L, Map.of("x_init", 0.1, "y_init", 0.0));
        double[] s = ((Pendulum) pendulum.unwrapped()).state();
        assertTrue(Math.abs(s[0]) <= 0.1 && s[1] == 0.0, java.util.Arrays.toString(s));
    }

    @Test
    void setStateValidatesItsInput() {
        CartPole env = new CartPole();
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[] {0, Double.NaN, 0, 0}));
        env.setState(new double[] {0.1, 0.2, 0.03, 0.04});
        assertArrayEquals(new double[] {0.1, 0.2, 0.03, 0.04}, env.state(), 0.0);
        assertEquals(4, env.step(1).observation().length, "setState makes the env steppable, like assigning state");
    }

    @Test
    void cartPoleWarnsOnceWhenSteppedAfterTermination() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(CartPole.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            CartPole env = new CartPole();
            env.reset(0);
            env.setState(new double[] {2.399, 1.0, 0, 0});
            StepResult terminal = env.step(1);
            assertTrue(terminal.terminated());
            assertEquals(1.0, terminal.reward(), 0.0);
            assertEquals(0, env.stepsBeyondTerminated());
            assertTrue(records.isEmpty());
            for (int i = 1; i <= 3; i++) {
                StepResult after = env.step(0);
                assertTrue(after.terminated());
                assertEquals(0.0, after.reward(), 0.0);
                assertEquals(i, env.stepsBeyondTerminated());
            }
            assertEquals(1, records.size(), "one warning per episode");
            assertTrue(records.get(0).getMessage().contains("already returned terminated = True"));
            env.reset();
            assertEquals(-1, env.stepsBeyondTerminated());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void spacesMatchGymnasium() {
        assertEquals("Box([-4.8 -inf -0.41887903 -inf], [4.8 inf 0.41887903 inf], (4,), float32)",
                new CartPole().observationSpace().toString());
        assertEquals(new Discrete(2), new CartPole().actionSpace());
        assertEquals("Box([-1.0 -1.0 -8.0], [1.0 1.0 8.0], (3,), float32)", new Pendulum().observationSpace().toString());
        assertEquals("Box(-2.0, 2.0, (1,), float32)", new Pendulum().actionSpace().toString());
        Box acro = new Acrobot().observationSpace();
        assertEquals((float) (4 * Math.PI), acro.high(4), 0f);
        assertEquals((float) (9 * Math.PI), acro.high(5), 0f);
        assertEquals(new Discrete(3), new Acrobot().actionSpace());
        assertEquals("Box([-1.2 -0.07], [0.6 0.07], (2,), float32)", new MountainCar().observationSpace().toString());
        assertEquals(new Discrete(3), new MountainCar().actionSpace());
        assertEquals("Box(-1.0, 1.0, (1,), float32)", new ContinuousMountainCar().actionSpace().toString());
        for (String id : IDS) {
            assertNotEquals(null, Envs.make(id).observationSpace());
        }
    }

    @Test
    void renderFpsFollowsGymnasiumMetadata() {
        assertEquals(50, Envs.make("CartPole-v1").renderFps());
        assertEquals(30, Envs.make("Pendulum-v1").renderFps());
        assertEquals(15, Envs.make("Acrobot-v1").renderFps());
        assertEquals(30, Envs.make("MountainCar-v0").renderFps());
    }
}
