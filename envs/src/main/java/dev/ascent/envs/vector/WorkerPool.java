package dev.ascent.envs.vector;

import java.util.concurrent.Phaser;

/**
 * A fixed set of daemon threads that run one task over contiguous chunks of sub-environment indices per call,
 * synchronised with a {@link Phaser} (start and end barriers; the barriers also publish the task's inputs and
 * outputs between threads). Chunk {@code w} always goes to worker {@code w}.
 */
final class WorkerPool {

    private final int numEnvs;
    private final Thread[] threads;
    private final int[] chunkStart;
    private final Phaser phaser;
    private final Throwable[] errors;
    private AbstractVectorEnv.EnvTask task;
    private boolean shutdown;
    private boolean running;

    WorkerPool(int numEnvs, int numThreads, String name) {
        if (numThreads < 1) {
            throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
        }
        int workers = Math.min(numThreads, numEnvs);
        this.numEnvs = numEnvs;
        this.threads = new Thread[workers];
        this.chunkStart = new int[workers + 1];
        for (int w = 0; w <= workers; w++) {
            chunkStart[w] = (int) ((long) numEnvs * w / workers); // balanced contiguous chunks
        }
        this.errors = new Throwable[workers];
        this.phaser = new Phaser(workers + 1);
        for (int w = 0; w < workers; w++) {
            final int worker = w;
            Thread t = new Thread(() -> loop(worker), name + "-worker-" + w);
            t.setDaemon(true);
            threads[w] = t;
            t.start();
        }
    }

    int numWorkers() {
        return threads.length;
    }

    private void loop(int worker) {
        while (true) {
            phaser.arriveAndAwaitAdvance(); // start barrier
            if (shutdown) {
                phaser.arriveAndDeregister();
                return;
            }
            try {
                for (int i = chunkStart[worker]; i < chunkStart[worker + 1]; i++) {
                    task.run(i);
                }
            } catch (Throwable t) {
                errors[worker] = t;
            }
            phaser.arriveAndAwaitAdvance(); // end barrier
        }
    }

    /** Starts {@code t} on all workers and returns immediately. */
    void start(AbstractVectorEnv.EnvTask t) {
        if (running) {
            throw new IllegalStateException("a batch is already running: call the matching wait first");
        }
        this.task = t;
        running = true;
        phaser.arriveAndAwaitAdvance();
    }

    /** Waits for the running batch; rethrows the first worker failure (lowest sub-environment index). */
    void await() {
        if (!running) {
            throw new IllegalStateException("no batch is running");
        }
        phaser.arriveAndAwaitAdvance();
        running = false;
        task = null;
        Throwable first = null;
        for (int w = 0; w < errors.length; w++) {
            if (errors[w] != null) {
                if (first == null) {
                    first = errors[w];
                } else {
                    first.addSuppressed(errors[w]);
                }
                errors[w] = null;
            }
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException("sub-environment task failed", first);
        }
    }

    boolean running() {
        return running;
    }

    /** Stops the threads (waits for a running batch first). */
    void shutdown() {
        if (shutdown) {
            return;
        }
        if (running) {
            try {
                await();
            } catch (RuntimeException | Error ignored) {
                // closing anyway
            }
        }
        shutdown = true;
        phaser.arriveAndDeregister(); // releases the workers from the start barrier
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "WorkerPool[" + threads.length + " workers for " + numEnvs + " environments]";
    }
}
