package dev.ascent.backend.openblas;

import dev.ascent.backend.scratch.ThreadScratch;

/**
 * The native working memory of one thread: growable buffers, one per operand of the kernel running
 * (A, B, C for gemm; weights, columns, output for a convolution).
 */
final class NativeScratch extends ThreadScratch {
    static final int A = 0, B = 1, C = 2;

    private final NativeBuffer[] buffers = {new NativeBuffer(), new NativeBuffer(), new NativeBuffer()};

    NativeScratch(Thread owner) {
        super(owner);
    }

    /** Buffer slot {@link #A}, {@link #B} or {@link #C}. */
    NativeBuffer buffer(int slot) {
        return buffers[slot];
    }

    @Override
    public long bytes() {
        long sum = 0;
        for (NativeBuffer b : buffers) sum += b.bytes();
        return sum;
    }

    @Override
    protected void free() {
        for (NativeBuffer b : buffers) b.close();
    }
}
