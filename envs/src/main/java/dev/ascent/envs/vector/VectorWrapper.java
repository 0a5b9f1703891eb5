package dev.ascent.envs.vector;

import dev.ascent.envs.Env;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Base class of vector wrappers ({@code gymnasium.vector.VectorWrapper}): forwards everything. */
public abstract class VectorWrapper implements VectorEnv {

    /** The wrapped vector environment. */
    protected final VectorEnv env;

    /**
     * @param env the vector environment to wrap
     */
    protected VectorWrapper(VectorEnv env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The directly wrapped vector environment. */
    public final VectorEnv env() {
        return env;
    }

    @Override
    public int numEnvs() {
        return env.numEnvs();
    }

    @Override
    public Box singleObservationSpace() {
        return env.singleObservationSpace();
    }

    @Override
    public Space singleActionSpace() {
        return env.singleActionSpace();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return env.autoresetMode();
    }

    @Override
    public VectorResetResult reset(Long[] seeds, boolean[] mask) {
        return env.reset(seeds, mask);
    }

    @Override
    public VectorStepResult step(int[] actions) {
        return env.step(actions);
    }

    @Override
    public VectorStepResult step(float[] actions) {
        return env.step(actions);
    }

    @Override
    public List<RgbFrame> render() {
        return env.render();
    }

    @Override
    public Env env(int index) {
        return env.env(index);
    }

    @Override
    public VectorEnv unwrapped() {
        return env.unwrapped();
    }

    /**
     * The outermost vector environment in the chain (this one included) that is an instance of {@code type}.
     *
     * @param type the class to look for
     * @param <T> the type
     * @return the match, if any
     */
    public <T> Optional<T> findWrapper(Class<T> type) {
        VectorEnv current = this;
        while (true) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
            if (current instanceof VectorWrapper w) {
                current = w.env;
            } else {
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
