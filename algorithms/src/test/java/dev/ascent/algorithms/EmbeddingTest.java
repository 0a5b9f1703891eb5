package dev.ascent.algorithms;

import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.ppo.Ppo;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running a trained policy needs only the engine and autograd code: {@link TrainedPolicy} (in autograd) is
 * loaded in a class loader that sees nothing but the engine and autograd classes (no envs, no picocli, no
 * algorithms class), and acts exactly as in-process.
 */
class EmbeddingTest {
    @Test
    void trainedPolicyRunsWithOnlyEngineAndAutograd(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.safetensors");
        try (Learner l = Ppo.ALGORITHM.create(Map.of("num_envs", 1, "num_steps", 64, "num_minibatches", 2, "update_epochs", 1),
                new TrainingSetup("CartPole-v1", 64, 1, null))) {
            l.iterate();
            l.exportPolicy().write(model);
        }
        Path engine = location(NDArray.class), autograd = location(Tensor.class);
        assertTrue(!engine.equals(autograd) && location(TrainedPolicy.class).equals(autograd),
                "TrainedPolicy must live in the autograd module, beside the engine");
        float[] obs = {0.01f, -0.2f, 0.03f, 0.4f};
        try (URLClassLoader loader = new URLClassLoader(new URL[] {engine.toUri().toURL(), autograd.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.ascent.envs.Env"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.ascent.algorithms.ppo.Ppo"));
            Class<?> cls = loader.loadClass(TrainedPolicy.class.getName());
            Object policy = cls.getMethod("load", Path.class).invoke(null, model);
            Method act = cls.getMethod("act", float[].class);
            float[] isolated = (float[]) act.invoke(policy, (Object) obs);
            assertArrayEquals(TrainedPolicy.load(model).act(obs), isolated);
        }
    }

    private static Path location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
