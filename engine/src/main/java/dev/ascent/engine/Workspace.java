package dev.ascent.engine;

import java.util.Arrays;

/**
 * A scope in which op results reuse pooled buffers instead of fresh heap arrays.
 *
 * <p>Why: every op returns a new array, and on a small network the cost of an op is mostly the cost of
 * touching fresh memory — a new 16 KB array costs about 3 µs here, ten times the arithmetic that fills
 * it. Inside a workspace, kernels draw their output arrays from a per-thread pool, and
 * {@link #close()} hands every array allocated in the scope back to the pool, so the next iteration
 * of a training or acting loop runs on cache-hot memory and allocates nothing:
 * <pre>{@code
 * for (...) {
 *     try (Workspace ws = Workspace.open()) {
 *         Tensor loss = ...; loss.backward(); optimizer.step();
 *     }
 * }
 * }</pre>
 *
 * <p>The contract: arrays produced by ops inside the scope (and their views) are valid only until it
 * closes; afterwards any access throws {@link IllegalStateException}, so a value that escapes by mistake
 * fails loudly instead of silently aliasing a recycled buffer. Keep results with {@link NDArray#copy()}
 * (copies and the {@code NDArray} factories always use the heap), or read scalars out before closing.
 * Leaf gradients accumulated by backward are heap copies and survive. Workspaces nest and are confined
 * to the thread that opened them. Outside any workspace nothing changes: ops allocate on the heap.
 */
public final class Workspace implements AutoCloseable {
    /** Upper bound on what one thread's pool keeps; beyond it returned buffers are left to the GC. */
    private static final long MAX_POOLED_FLOATS = Long.getLong("ascent.workspace.maxFloats", 64L << 20);

    private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Pool> POOLS = ThreadLocal.withInitial(Pool::new);

    private final Workspace parent;
    private final Thread owner;
    private final Pool pool;
    private NDArray[] arrays = new NDArray[64];
    private int count;
    private boolean closed;

    private Workspace(Workspace parent) {
        this.parent = parent;
        this.owner = Thread.currentThread();
        this.pool = POOLS.get();
    }

    /** Opens a workspace on this thread, nested inside the current one if there is one. */
    public static Workspace open() {
        Workspace ws = new Workspace(CURRENT.get());
        CURRENT.set(ws);
        return ws;
    }

    /** The innermost open workspace of this thread, or null. */
    static Workspace current() {
        return CURRENT.get();
    }

    /**
     * An output buffer of {@code n} floats for a kernel that overwrites every element: pooled (with stale
     * contents) inside a workspace, a fresh heap array outside one.
     */
    public static float[] floats(int n) {
        Workspace ws = CURRENT.get();
        if (ws == null) return new float[n];
        float[] a = ws.pool.take(n);
        return a != null ? a : new float[n];
    }

    /** Like {@link #floats} but zero-filled, for kernels that accumulate into their output. */
    public static float[] zeros(int n) {
        Workspace ws = CURRENT.get();
        if (ws == null) return new float[n];
        float[] a = ws.pool.take(n);
        if (a == null) return new float[n];
        Arrays.fill(a, 0f);
        return a;
    }

    /** Records an array (owning its buffer, or a view of one) so that closing the scope recycles it. */
    void register(NDArray a) {
        if (count == arrays.length) arrays = Arrays.copyOf(arrays, count * 2);
        arrays[count++] = a;
    }

    /** Number of arrays this scope will recycle or invalidate (for tests and diagnostics). */
    public int size() {
        return count;
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) throw new IllegalStateException("a Workspace must be closed by the thread that opened it");
        if (CURRENT.get() != this) throw new IllegalStateException("Workspaces must be closed in the reverse order of opening");
        closed = true;
        for (int i = 0; i < count; i++) {
            float[] buffer = arrays[i].release();
            if (buffer != null) pool.put(buffer);
            arrays[i] = null;
        }
        count = 0;
        CURRENT.set(parent);
    }

    /**
     * Per-thread free lists by exact length (RL loops repeat the same shapes, so exact sizes hit). An
     * open-addressing table keyed by the primitive length: the boxed {@code HashMap<Integer, ...>} it
     * replaces showed up in profiles of the PPO update.
     */
    private static final class Pool {
        private int[] keys = new int[64];
        private float[][][] stacks = new float[64][][];
        private int[] depth = new int[64];
        private int used;
        private long pooled;

        private int slot(int n) {
            int mask = keys.length - 1;
            int i = (n * 0x9E3779B9) >>> 7 & mask;
            while (stacks[i] != null && keys[i] != n) i = (i + 1) & mask;
            return i;
        }

        float[] take(int n) {
            int i = slot(n);
            if (stacks[i] == null || depth[i] == 0) return null;
            pooled -= n;
            float[] a = stacks[i][--depth[i]];
            stacks[i][depth[i]] = null;
            return a;
        }

        void put(float[] a) {
            if (pooled + a.length > MAX_POOLED_FLOATS) return;
            int i = slot(a.length);
            if (stacks[i] == null) {
                if (2 * (used + 1) > keys.length) {
                    grow();
                    i = slot(a.length);
                }
                keys[i] = a.length;
                stacks[i] = new float[4][];
                used++;
            }
            if (depth[i] == stacks[i].length) stacks[i] = Arrays.copyOf(stacks[i], depth[i] * 2);
            stacks[i][depth[i]++] = a;
            pooled += a.length;
        }

        private void grow() {
            int[] oldKeys = keys;
            float[][][] oldStacks = stacks;
            int[] oldDepth = depth;
            keys = new int[oldKeys.length * 2];
            stacks = new float[oldKeys.length * 2][][];
            depth = new int[oldKeys.length * 2];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldStacks[j] == null) continue;
                int i = slot(oldKeys[j]);
                keys[i] = oldKeys[j];
                stacks[i] = oldStacks[j];
                depth[i] = oldDepth[j];
            }
        }
    }
}
