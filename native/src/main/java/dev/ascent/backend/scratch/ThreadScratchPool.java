package dev.ascent.backend.scratch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Hands each thread its own {@link ThreadScratch} and frees them all deterministically. Internal to the native
 * backends.
 *
 * <p>Why per thread: a kernel must not allocate native memory per call (about 0.7 µs each time, more than a
 * whole 8×8 gemm), and one shared scratch would serialise the env workers. Why not rely on GC: native memory is
 * invisible to heap sizing, so a finaliser-driven design grows without bound between collections. Instead:
 * <ul>
 *   <li>{@link #close()} frees every scratch (waiting for kernels in flight);</li>
 *   <li>when a new thread first asks, the scratch of every thread that has died since is freed, so a pool of
 *       short-lived threads holds memory for the live ones only;</li>
 *   <li>{@link #releaseCurrentThread()} lets a long-lived thread give its memory back after a big job.</li>
 * </ul>
 */
public final class ThreadScratchPool<S extends ThreadScratch> implements AutoCloseable {
    private final ThreadLocal<S> local = new ThreadLocal<>();
    private final List<S> all = new ArrayList<>(); // guarded by this
    private final Function<Thread, S> factory;
    private final String owner;
    private volatile boolean closed;

    /**
     * @param owner   what the pool belongs to, for the message of a use after close
     * @param factory makes the scratch of a thread (on that thread)
     */
    public ThreadScratchPool(String owner, Function<Thread, S> factory) {
        this.owner = owner;
        this.factory = factory;
    }

    /** The calling thread's scratch, already {@linkplain ThreadScratch#enter() entered}; {@code exit()} it after use. */
    public S acquire() {
        S s = local.get();
        if (s != null && s.enter()) return s;
        return acquireSlow();
    }

    private synchronized S acquireSlow() {
        if (closed) throw new IllegalStateException(owner + " has been closed");
        reclaimDeadThreads();
        S s = factory.apply(Thread.currentThread());
        all.add(s);
        local.set(s);
        if (!s.enter()) throw new IllegalStateException("fresh scratch could not be entered");
        return s;
    }

    private void reclaimDeadThreads() {
        for (Iterator<S> it = all.iterator(); it.hasNext(); ) {
            S s = it.next();
            if (!s.owner().isAlive() || s.isClosed()) {
                s.close();
                it.remove();
            }
        }
    }

    /** Frees the calling thread's scratch now; it is made again if the thread runs another kernel. */
    public void releaseCurrentThread() {
        S s = local.get();
        if (s == null) return;
        local.remove();
        synchronized (this) {
            all.remove(s);
        }
        s.close();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Native bytes held by all threads' scratch. */
    public synchronized long bytes() {
        long sum = 0;
        for (S s : all) sum += s.bytes();
        return sum;
    }

    /** Threads that currently hold a scratch (dead ones are reclaimed lazily). */
    public synchronized int threads() {
        return all.size();
    }

    /** Frees every thread's scratch; {@link #acquire()} afterwards throws {@link IllegalStateException}. */
    @Override
    public synchronized void close() {
        closed = true;
        for (S s : all) s.close();
        all.clear();
    }
}
