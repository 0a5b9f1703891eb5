package dev.ascent.backend.openblas;

import dev.ascent.backend.scratch.HostCopies;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

/**
 * One growable block of native floats, with a direct {@link FloatBuffer} view for copies.
 *
 * <p>Copies between {@code float[]} and native memory go through the buffer view ({@link HostCopies}), not
 * through JavaCPP's {@code FloatPointer.put(float[], ...)}: the NIO bulk copy is a JIT intrinsic (a plain memcpy,
 * no JNI transition), which matters when a 64×64 gemm takes 3 µs. The block only ever grows, by at least half
 * its size, so a steady workload stops allocating after its first few calls.
 *
 * <p>Not thread-safe: a buffer belongs to one {@link NativeScratch}, which belongs to one thread at a time.
 */
final class NativeBuffer implements AutoCloseable {
    /** FloatBuffer indices are ints: 2^31 - 1 floats (8 GiB) is the most one operand may need. */
    static final long MAX_FLOATS = Integer.MAX_VALUE;
    /** Small blocks are rounded up so a series of slightly growing shapes does not reallocate each time. */
    private static final long MIN_FLOATS = 4096;
    private static final float[] ZEROS = new float[1024];

    private FloatPointer pointer;
    /** A second pointer to the same block, for calls that take two operands inside it (positions are per object). */
    private FloatPointer alias;
    private FloatBuffer view;
    private long capacity;

    /** Makes room for at least {@code floats} floats; the old contents are not kept. */
    FloatPointer reserve(long floats) {
        if (pointer == null || floats > capacity) grow(floats);
        return pointer;
    }

    private void grow(long floats) {
        if (floats > MAX_FLOATS) {
            throw new IllegalArgumentException("an operand of " + floats + " floats exceeds the native scratch limit of " + MAX_FLOATS);
        }
        long size = Math.min(MAX_FLOATS, Math.max(Math.max(floats, MIN_FLOATS), capacity + capacity / 2));
        free();
        FloatPointer p = new FloatPointer(size);
        if (p.isNull()) throw new OutOfMemoryError("could not allocate " + size * Float.BYTES + " bytes of native scratch");
        pointer = p;
        alias = new FloatPointer(p); // a view: it does not own the memory and frees nothing
        view = p.asBuffer();
        capacity = size;
    }

    /** The pointer at element {@code index} of this block (the block itself stays where it is). */
    FloatPointer at(long index) {
        return pointer.position(index);
    }

    /** Like {@link #at}, through the second pointer, so that two positions in this block can be passed to one call. */
    FloatPointer alias(long index) {
        return alias.position(index);
    }

    long capacity() {
        return capacity;
    }

    long bytes() {
        return capacity * Float.BYTES;
    }

    /** Copies {@code len} floats of {@code src} from {@code off} to element {@code index} of this block. */
    void put(long index, float[] src, int off, int len) {
        view.put((int) index, src, off, len);
    }

    /**
     * The block as a buffer, for kernels that read or write it element by element (absolute indices only: they leave
     * the buffer's position alone). Valid until the next {@link #reserve} that grows the block.
     */
    FloatBuffer floats() {
        return view;
    }

    /** Sets {@code len} floats from element {@code index} to zero. */
    void zero(long index, int len) {
        if (len <= 8) { // a bulk copy's fixed cost is more than a few element stores
            for (int i = 0; i < len; i++) view.put((int) index + i, 0f);
            return;
        }
        for (int done = 0; done < len; done += ZEROS.length) {
            view.put((int) index + done, ZEROS, 0, Math.min(ZEROS.length, len - done));
        }
    }

    /** Copies a rows×cols submatrix with leading dimension {@code ld} in, packed (leading dimension cols). */
    void putMatrix(long index, float[] src, int off, int ld, int rows, int cols) {
        HostCopies.putMatrix(view, index, src, off, ld, rows, cols);
    }

    /** Copies {@code len} floats from element {@code index} of this block into {@code dst} at {@code off}. */
    void get(long index, float[] dst, int off, int len) {
        view.get((int) index, dst, off, len);
    }

    /** Copies a packed rows×cols matrix out into {@code dst}, which has leading dimension {@code ld}. */
    void getMatrix(long index, float[] dst, int off, int ld, int rows, int cols) {
        HostCopies.getMatrix(view, index, dst, off, ld, rows, cols);
    }

    private void free() {
        if (pointer != null) {
            pointer.position(0).close();
            pointer = null;
            alias = null;
            view = null;
            capacity = 0;
        }
    }

    /** Frees the native block now; the buffer may be reused (it allocates again on the next reserve). */
    @Override
    public void close() {
        free();
    }
}
