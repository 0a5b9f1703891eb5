package dev.ascent.envs.vector;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.MakeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Builds vector environments, Gymnasium's {@code gym.make_vec}:
 *
 * <pre>{@code
 * VectorEnv envs = VectorEnvs.builder("Pendulum-v1", 16)
 *         .wrapEach(RecordEpisodeStatistics::new)      // per-sub-environment wrappers, innermost first
 *         .autoresetMode(AutoresetMode.SAME_STEP)
 *         .async(4)                                    // threads; default is synchronous
 *         .build();
 * }</pre>
 */
public final class VectorEnvs {

    private VectorEnvs() {
    }

    /** A synchronous NEXT_STEP vector of {@code Envs.make(id)} environments. */
    public static VectorEnv make(String id, int numEnvs) {
        return builder(id, numEnvs).build();
    }

    /** A builder for {@code numEnvs} copies of {@code Envs.make(id)}. */
    public static Builder builder(String id, int numEnvs) {
        Objects.requireNonNull(id, "id");
        Envs.spec(id); // fail fast on unknown ids
        return new Builder(numEnvs, options -> Envs.make(id, options));
    }

    /** A builder for {@code numEnvs} environments from a factory (each call must return a new instance). */
    public static Builder builder(Supplier<? extends Env> factory, int numEnvs) {
        Objects.requireNonNull(factory, "factory");
        return new Builder(numEnvs, options -> factory.get());
    }

    /** Configures and builds a vector environment. */
    public static final class Builder {
        private final int numEnvs;
        private final java.util.function.Function<MakeOptions, Env> maker;
        private MakeOptions makeOptions = MakeOptions.defaults();
        private final List<UnaryOperator<Env>> wrappers = new ArrayList<>();
        private AutoresetMode autoresetMode = AutoresetMode.NEXT_STEP;
        private int threads;

        private Builder(int numEnvs, java.util.function.Function<MakeOptions, Env> maker) {
            if (numEnvs < 1) {
                throw new IllegalArgumentException("numEnvs must be at least 1, got " + numEnvs);
            }
            this.numEnvs = numEnvs;
            this.maker = maker;
        }

        /** Options for {@code Envs.make} (ignored for factory builders). */
        public Builder makeOptions(MakeOptions options) {
            this.makeOptions = Objects.requireNonNull(options);
            return this;
        }

        /** Adds a wrapper applied to every sub-environment (in call order, innermost first). */
        public Builder wrapEach(UnaryOperator<Env> wrapper) {
            wrappers.add(Objects.requireNonNull(wrapper));
            return this;
        }

        /** The autoreset mode (default {@link AutoresetMode#NEXT_STEP}). */
        public Builder autoresetMode(AutoresetMode mode) {
            this.autoresetMode = Objects.requireNonNull(mode);
            return this;
        }

        /** Steps on the calling thread (the default). */
        public Builder sync() {
            this.threads = 0;
            return this;
        }

        /** Steps on {@code numThreads} worker threads ({@link AsyncVectorEnv}). */
        public Builder async(int numThreads) {
            if (numThreads < 1) {
                throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
            }
            this.threads = numThreads;
            return this;
        }

        /** Steps on one worker thread per available processor. */
        public Builder async() {
            return async(Runtime.getRuntime().availableProcessors());
        }

        /** Creates the sub-environments and the vector environment. */
        public VectorEnv build() {
            List<Supplier<Env>> fns = new ArrayList<>(numEnvs);
            for (int i = 0; i < numEnvs; i++) {
                fns.add(() -> {
                    Env env = maker.apply(makeOptions);
                    for (UnaryOperator<Env> w : wrappers) {
                        env = w.apply(env);
                    }
                    return env;
                });
            }
            return threads == 0 ? new SyncVectorEnv(fns, autoresetMode)
                    : new AsyncVectorEnv(fns, autoresetMode, threads);
        }
    }
}
