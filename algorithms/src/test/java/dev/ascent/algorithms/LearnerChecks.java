package dev.ascent.algorithms;

import dev.ascent.engine.NDArray;
import dev.ascent.io.Checkpoint;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks every algorithm's tests share: recent returns, learning to a threshold, checkpoint round trip, resume. */
public final class LearnerChecks {
    private LearnerChecks() {}

    /** The training episodes of a run, with the mean of the last 20 as the run's logger computes it. */
    public static final class Recent {
        private final Deque<Double> returns = new ArrayDeque<>();
        private int episodes;

        public void add(double r) {
            returns.addLast(r);
            episodes++;
            if (returns.size() > 20) returns.removeFirst();
        }

        /** Finished episodes so far. */
        public int episodes() {
            return episodes;
        }

        /** Mean of the last 20 returns (NaN before 20 episodes). */
        public double mean20() {
            return returns.size() < 20 ? Double.NaN : returns.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
        }

        /** Mean of the last returns, however many there are (NaN before the first). */
        public double mean() {
            return returns.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
        }
    }

    /** A setup reporting episodes to {@code recent} (may be null). */
    public static TrainingSetup setup(String env, long steps, long seed, Recent recent) {
        return new TrainingSetup(env, steps, seed, (s, r, l) -> {
            if (recent != null) recent.add(r);
        });
    }

    /**
     * Trains until the mean of the last 20 training episodes reaches {@code threshold} or the budget ends;
     * fails with the best mean and the steps used otherwise. Returns the step at which it was reached.
     */
    public static long assertReaches(Learner l, Recent recent, double threshold) {
        double best = Double.NEGATIVE_INFINITY;
        while (!l.finished()) {
            Map<String, Double> m = l.iterate();
            for (Map.Entry<String, Double> e : m.entrySet()) assertTrue(!Double.isInfinite(e.getValue()), e.toString());
            double mean = recent.mean20();
            if (!Double.isNaN(mean)) best = Math.max(best, mean);
            if (best >= threshold) return l.globalStep();
        }
        throw new AssertionError("mean of 20 episodes peaked at " + best + " after " + l.globalStep() + " steps (threshold " + threshold + ")");
    }

    /** Runs every iteration of {@code l} and returns the metrics of each. */
    public static List<Map<String, Double>> trainToEnd(Learner l) {
        List<Map<String, Double>> out = new ArrayList<>();
        while (!l.finished()) out.add(l.iterate());
        return out;
    }

    /** The mean of {@code key} over iterations {@code from} (inclusive) to {@code to} (exclusive), skipping NaNs. */
    public static double mean(List<Map<String, Double>> metrics, String key, int from, int to) {
        double s = 0;
        int n = 0;
        for (Map<String, Double> m : metrics.subList(from, to)) {
            double v = m.get(key);
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** A checkpoint of {@code l}'s current state. */
    public static Checkpoint checkpoint(Learner l) {
        Checkpoint.Builder b = Checkpoint.builder();
        l.save(b);
        return b.build();
    }

    /**
     * Checkpoint round trip through a file: a fresh learner restored from {@code l}'s checkpoint writes a checkpoint
     * with exactly the same tensors and metadata, and exports the same policy. Returns the checkpoint read back.
     */
    public static Checkpoint assertCheckpointRoundTrip(Learner l, Supplier<Learner> fresh, Path file) throws Exception {
        Checkpoint saved = checkpoint(l);
        saved.write(file);
        Checkpoint read = Checkpoint.read(file);
        try (Learner r = fresh.get()) {
            r.restore(read);
            assertEquals(l.iteration(), r.iteration());
            assertEquals(l.globalStep(), r.globalStep());
            Checkpoint again = checkpoint(r);
            assertEquals(saved.metadata(), again.metadata());
            assertEquals(saved.tensors().keySet(), again.tensors().keySet());
            for (String k : saved.tensors().keySet()) assertBitEqual(saved.tensor(k), again.tensor(k), k);
            Map<String, NDArray> a = l.exportPolicy().tensors(), b = r.exportPolicy().tensors();
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) assertBitEqual(a.get(k), b.get(k), "model " + k);
            assertEquals(l.exportPolicy().description(), r.exportPolicy().description());
        }
        return read;
    }

    /**
     * Resume equals uninterrupted: {@code iterations} iterations in one go, against {@code split} iterations, a
     * checkpoint through a file, and the rest in a fresh learner. The metrics of the resumed iterations and the
     * final checkpoints (networks, optimizers, generators, buffers, environments) must be bit-identical.
     */
    public static void assertResumeIsBitIdentical(Supplier<Learner> factory, int split, Path file) throws Exception {
        List<Map<String, Double>> straight;
        Checkpoint expected;
        try (Learner a = factory.get()) {
            straight = trainToEnd(a);
            expected = checkpoint(a);
        }
        assertTrue(split > 0 && split < straight.size(), "split " + split + " of " + straight.size() + " iterations");
        try (Learner b = factory.get()) {
            for (int i = 0; i < split; i++) b.iterate();
            checkpoint(b).write(file);
        }
        try (Learner c = factory.get()) {
            c.restore(Checkpoint.read(file));
            assertEquals(split, c.iteration());
            List<Map<String, Double>> resumed = trainToEnd(c);
            assertEquals(straight.subList(split, straight.size()), resumed);
            Checkpoint got = checkpoint(c);
            assertEquals(expected.metadata(), got.metadata());
            for (String k : expected.tensors().keySet()) assertBitEqual(expected.tensor(k), got.tensor(k), k);
        }
    }

    /** The exported policy's deterministic action for {@code observation} (through {@code model.safetensors}). */
    public static float[] exportedAction(Learner l, float[] observation) throws Exception {
        Path f = java.nio.file.Files.createTempFile("policy", ".safetensors");
        try {
            l.exportPolicy().write(f);
            return dev.ascent.inference.TrainedPolicy.load(f).act(observation);
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    /**
     * Box-action learning on {@link TargetActionEnv}: the deterministic action moves from ~0 to the target 1
     * (within {@code tolerance}) in {@code steps} steps.
     */
    public static void assertLearnsTheTargetAction(java.util.function.Function<Long, Learner> factory, long steps, double tolerance) throws Exception {
        TargetActionEnv.register();
        try (Learner l = factory.apply(steps)) {
            float before = exportedAction(l, new float[] {0.5f})[0];
            List<Map<String, Double>> m = trainToEnd(l);
            float after = exportedAction(l, new float[] {0.5f})[0];
            assertTrue(Math.abs(after - TargetActionEnv.TARGET) < tolerance && Math.abs(before - TargetActionEnv.TARGET) > 0.5,
                    "action " + before + " -> " + after + " (target " + TargetActionEnv.TARGET + "); last " + m.get(m.size() - 1));
        }
    }

    private static void assertBitEqual(NDArray expected, NDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        float[] e = expected.data(), a = actual.data();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                throw new AssertionError(what + " differs at " + i + ": " + e[i] + " vs " + a[i]);
            }
        }
    }
}
