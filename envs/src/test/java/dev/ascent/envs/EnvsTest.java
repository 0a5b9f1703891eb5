package dev.ascent.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.classic.CartPole;
import dev.ascent.envs.classic.ClassicControlEnv;
import dev.ascent.envs.classic.Pendulum;
import dev.ascent.envs.testutil.ScriptedEnv;
import dev.ascent.envs.wrappers.OrderEnforcing;
import dev.ascent.envs.wrappers.PassiveEnvChecker;
import dev.ascent.envs.wrappers.TimeLimit;
import dev.ascent.envs.wrappers.Wrapper;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EnvsTest {

    @Test
    void registryHasGymnasiumsLimitsAndThresholds() {
        assertTrue(Envs.ids().containsAll(List.of("Acrobot-v1", "CartPole-v0", "CartPole-v1", "MountainCar-v0",
                "MountainCarContinuous-v0", "Pendulum-v1")), Envs.ids().toString());
        assertSpec("CartPole-v0", 200, 195.0);
        assertSpec("CartPole-v1", 500, 475.0);
        assertSpec("MountainCar-v0", 200, -110.0);
        assertSpec("MountainCarContinuous-v0", 999, 90.0);
        assertSpec("Acrobot-v1", 500, -100.0);
        EnvSpec pendulum = Envs.spec("Pendulum-v1");
        assertEquals(OptionalInt.of(200), pendulum.maxEpisodeSteps());
        assertEquals(OptionalDouble.empty(), pendulum.rewardThreshold(), "Pendulum has no reward threshold");
        assertEquals("CartPole", Envs.spec("CartPole-v1").name());
        assertEquals(1, Envs.spec("CartPole-v1").version());
        assertEquals(List.copyOf(new java.util.TreeSet<>(Envs.ids())), Envs.ids(), "sorted");
    }

    private static void assertSpec(String id, int steps, double threshold) {
        EnvSpec spec = Envs.spec(id);
        assertEquals(id, spec.id());
        assertEquals(steps, spec.maxEpisodeSteps().getAsInt(), id);
        assertEquals(threshold, spec.rewardThreshold().getAsDouble(), 0.0, id);
    }

    @Test
    void makeWrapsLikeGymMake() {
        Env env = Envs.make("CartPole-v1");
        // <TimeLimit<OrderEnforcing<PassiveEnvChecker<CartPoleEnv<CartPole-v1>>>>>
        TimeLimit limit = assertInstanceOf(TimeLimit.class, env);
        assertEquals(500, limit.maxEpisodeSteps());
        Env second = ((Wrapper) env).env();
        assertInstanceOf(OrderEnforcing.class, second);
        assertInstanceOf(PassiveEnvChecker.class, ((Wrapper) second).env());
        assertInstanceOf(CartPole.class, env.unwrapped());
        assertSame(env.unwrapped(), env.findWrapper(ClassicControlEnv.class).orElseThrow());
        assertSame(second, env.findWrapper(OrderEnforcing.class).orElseThrow());
        assertFalse(env.findWrapper(dev.ascent.envs.wrappers.NormalizeObservation.class).isPresent());
        assertEquals("CartPole-v1", env.spec().orElseThrow().id());
        assertEquals("TimeLimit<OrderEnforcing<PassiveEnvChecker<CartPole<CartPole-v1>>>>", env.toString());
    }

    @Test
    void makeOptionsOverrideLimitWrappersAndKwargs() {
        Env env = Envs.make("CartPole-v1", MakeOptions.defaults().withMaxEpisodeSteps(3).withEnvChecker(false)
                .withOrderEnforce(false));
        assertEquals("TimeLimit<CartPole<CartPole-v1>>", env.toString());
        assertEquals(3, env.spec().orElseThrow().maxEpisodeSteps().getAsInt());
        env.reset(123);
        assertFalse(env.step(1).truncated());
        assertFalse(env.step(0).truncated());
        assertTrue(env.step(1).truncated());

        Env moon = Envs.make("Pendulum-v1", MakeOptions.defaults().withKwarg("g", 1.62));
        assertEquals(1.62, ((Pendulum) moon.unwrapped()).gravity(), 0.0);
        assertEquals(10.0, ((Pendulum) Envs.make("Pendulum-v1").unwrapped()).gravity(), 0.0);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("Pendulum-v1", MakeOptions.defaults().withKwarg("gravity", 1.0)));
        assertTrue(bad.getMessage().contains("[gravity]") && bad.getMessage().contains("[g]"), bad.getMessage());
        Env sutton = Envs.make("CartPole-v1", MakeOptions.defaults().withKwarg("sutton_barto_reward", true));
        sutton.reset(0);
        assertEquals(0.0, sutton.step(1).reward(), 0.0);
    }

    @Test
    void unknownIdsListKnownIdsAndSuggest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPol-v1"));
        assertTrue(e.getMessage().startsWith("Environment `CartPol-v1` doesn't exist. Did you mean: `CartPole-v1`?"),
                e.getMessage());
        for (String id : Envs.ids()) {
            assertTrue(e.getMessage().contains(id), "lists " + id + ": " + e.getMessage());
        }
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v7"));
        assertTrue(version.getMessage().startsWith("Environment version `v7` for environment `CartPole` doesn't exist. "
                + "It provides versioned environments: [ `v0`, `v1` ]."), version.getMessage());
        IllegalArgumentException junk = assertThrows(IllegalArgumentException.class, () -> Envs.make("Zzzzzzzzz-v0"));
        assertTrue(junk.getMessage().contains("Known ids: Acrobot-v1, CartPole-v0"), junk.getMessage());
        assertFalse(junk.getMessage().contains("Did you mean"), junk.getMessage());
    }

    @Test
    void pluginsOnTheClassPathAreRegistered() {
        assertTrue(Envs.ids().contains("Plugin/Scripted-v0"), Envs.ids().toString());
        Env env = Envs.make("Plugin/Scripted-v0");
        assertEquals(10, env.spec().orElseThrow().maxEpisodeSteps().getAsInt());
        env.reset(0);
        assertEquals(11.0, env.step(new float[] {0f, 0f}).reward(), 0.0);
        assertEquals("Scripted", Envs.spec("Plugin/Scripted-v0").name());
    }

    @Test
    void registrationIsExtensible() {
        String id = "Scripted-v" + System.nanoTime() % 1000 + "0";
        Envs.register(EnvSpec.builder(id, k -> new ScriptedEnv(k.getInt("episode", 5), false))
                .maxEpisodeSteps(4).rewardThreshold(1.0).build());
        assertTrue(Envs.ids().contains(id));
        Env env = Envs.make(id);
        env.reset(0);
        StepResult last = null;
        for (int i = 0; i < 4; i++) {
            last = env.step(0);
        }
        assertTrue(last.truncated());
        assertFalse(last.terminated());
        Env shorter = Envs.make(id, MakeOptions.defaults().withKwarg("episode", 2));
        shorter.reset(0);
        shorter.step(1);
        assertTrue(shorter.step(1).terminated());
        assertThrows(IllegalArgumentException.class, () -> Envs.register(Envs.spec(id)), "duplicate id");
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.builder("bad id!", k -> null).build());
    }
}
