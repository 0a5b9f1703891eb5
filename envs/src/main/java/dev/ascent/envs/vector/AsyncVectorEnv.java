package dev.ascent.envs.vector;

import dev.ascent.envs.Env;
import java.util.List;
import java.util.function.Supplier;

/**
 * Steps the sub-environments on a pool of worker threads ({@code gymnasium.vector.AsyncVectorEnv}, with threads
 * instead of processes). Worker {@code w} owns a fixed contiguous chunk of sub-environments, so each
 * sub-environment is only ever touched by one thread at a time and writes only its rows of the batch: the
 * results are identical for any thread count. Worth it when a sub-environment step costs more than the
 * hand-off (a few microseconds), e.g. pixel environments.
 *
 * <p>{@link #stepAsync(int[])}/{@link #stepWait()} overlap the environment step with work on the calling
 * thread (e.g. preparing the next batch); the action array must not change until {@code stepWait} returns.
 * Call {@link #close()} to stop the (daemon) threads.
 */
public final class AsyncVectorEnv extends AbstractVectorEnv {

    private final WorkerPool pool;

    /**
     * NEXT_STEP autoreset, one thread per processor (at most one per sub-environment).
     *
     * @param envFns one factory per sub-environment
     */
    public AsyncVectorEnv(List<? extends Supplier<? extends Env>> envFns) {
        this(envFns, AutoresetMode.NEXT_STEP, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param envFns one factory per sub-environment; all must produce equal spaces
     * @param autoresetMode the autoreset mode
     * @param numThreads worker threads (capped at the number of sub-environments)
     */
    public AsyncVectorEnv(List<? extends Supplier<? extends Env>> envFns, AutoresetMode autoresetMode, int numThreads) {
        super(envFns, autoresetMode);
        this.pool = new WorkerPool(envFns.size(), numThreads, "ascent-vector-env");
    }

    /** Number of worker threads. */
    public int numThreads() {
        return pool.numWorkers();
    }

    @Override
    void ensureIdle() {
        if (pool.running()) {
            throw new IllegalStateException("stepAsync is pending: call stepWait() first");
        }
    }

    @Override
    void forEachEnv(EnvTask task) {
        pool.start(task);
        pool.await();
    }

    /**
     * Starts a step with discrete actions and returns at once.
     *
     * @param actions one action per sub-environment; must not be modified before {@link #stepWait()}
     */
    public void stepAsync(int[] actions) {
        pool.start(beginStep(actions));
    }

    /**
     * Starts a step with continuous actions and returns at once.
     *
     * @param actions {@code numEnvs * actionSize} values; must not be modified before {@link #stepWait()}
     */
    public void stepAsync(float[] actions) {
        pool.start(beginStep(actions));
    }

    /**
     * Waits for the step started by {@code stepAsync}.
     *
     * @return the batch (same aliasing contract as {@link #step(int[])})
     */
    public VectorStepResult stepWait() {
        try {
            pool.await();
        } catch (RuntimeException | Error e) {
            endStep();
            throw e;
        }
        return endStep();
    }

    @Override
    void closeExtras() {
        pool.shutdown();
    }
}
