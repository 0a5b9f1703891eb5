package dev.ascent.envs.vector;

import dev.ascent.envs.Env;
import java.util.List;
import java.util.function.Supplier;

/**
 * Steps the sub-environments one after another on the calling thread ({@code gymnasium.vector.SyncVectorEnv}).
 * The fastest choice when a sub-environment step is cheap (all classic-control tasks).
 */
public final class SyncVectorEnv extends AbstractVectorEnv {

    /**
     * With {@link AutoresetMode#NEXT_STEP}, Gymnasium's default.
     *
     * @param envFns one factory per sub-environment
     */
    public SyncVectorEnv(List<? extends Supplier<? extends Env>> envFns) {
        this(envFns, AutoresetMode.NEXT_STEP);
    }

    /**
     * @param envFns one factory per sub-environment; all must produce equal observation and action spaces
     * @param autoresetMode the autoreset mode
     */
    public SyncVectorEnv(List<? extends Supplier<? extends Env>> envFns, AutoresetMode autoresetMode) {
        super(envFns, autoresetMode);
    }

    @Override
    void forEachEnv(EnvTask task) {
        int n = numEnvs();
        for (int i = 0; i < n; i++) {
            task.run(i);
        }
    }
}
