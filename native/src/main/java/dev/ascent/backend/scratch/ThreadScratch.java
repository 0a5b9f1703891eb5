package dev.ascent.backend.scratch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Native working memory owned by one thread: the base of the OpenBLAS scratch and the CUDA per-thread context.
 * Internal to the native backends (public only because they live in different packages).
 *
 * <p>A small state machine makes {@link ThreadScratchPool#close()} safe against a thread that is inside a
 * kernel: a kernel {@linkplain #enter() enters} (IDLE to BUSY, one uncontended CAS, a few ns) and
 * {@linkplain #exit() exits}; {@link #close()} waits for BUSY to end before it frees anything. A closed scratch
 * refuses to be entered, so a use after close is an exception, never a use of freed memory.
 */
public abstract class ThreadScratch implements AutoCloseable {
    private static final int IDLE = 0, BUSY = 1, CLOSED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ThreadScratch.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread owner;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    protected ThreadScratch(Thread owner) {
        this.owner = owner;
    }

    public final Thread owner() {
        return owner;
    }

    /** Marks the scratch in use; false if it has been closed (or is in use, which a single owner never sees). */
    public final boolean enter() {
        return STATE.compareAndSet(this, IDLE, BUSY);
    }

    public final void exit() {
        STATE.setRelease(this, IDLE);
    }

    public final boolean isClosed() {
        return (int) STATE.getVolatile(this) == CLOSED;
    }

    /** Native bytes held now. */
    public abstract long bytes();

    /** Releases every native resource; called once, by {@link #close()}, while no kernel is running. */
    protected abstract void free();

    /** Waits for a running kernel to finish, then frees everything; later {@link #enter()} calls fail. */
    @Override
    public final void close() {
        while (true) {
            int s = (int) STATE.getVolatile(this);
            if (s == CLOSED) return;
            if (s == IDLE && STATE.compareAndSet(this, IDLE, CLOSED)) break;
            Thread.onSpinWait();
        }
        free();
    }
}
