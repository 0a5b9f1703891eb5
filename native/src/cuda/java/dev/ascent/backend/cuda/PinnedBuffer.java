package dev.ascent.backend.cuda;

import dev.ascent.backend.scratch.HostCopies;
import org.bytedeco.javacpp.FloatPointer;

import java.nio.FloatBuffer;

import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;

/**
 * A growable block of page-locked host memory (cudaMallocHost), the staging area between a {@code float[]} on
 * the Java heap and the device: DMA from pinned memory runs at full PCIe speed and can be asynchronous, where a
 * pageable source makes the driver bounce through its own pinned buffer.
 */
final class PinnedBuffer implements AutoCloseable {
    private static final long MIN_FLOATS = 1 << 16;
    private FloatPointer pointer;
    private FloatBuffer view;
    private long capacity;

    FloatPointer reserve(long floats) {
        if (pointer == null || floats > capacity) {
            if (floats > Integer.MAX_VALUE) throw new IllegalArgumentException("an operand of " + floats + " floats is too large to stage");
            long size = Math.min(Integer.MAX_VALUE, Math.max(Math.max(floats, MIN_FLOATS), capacity + capacity / 2));
            free();
            FloatPointer p = new FloatPointer();
            CudaStatus.cuda(cudaMallocHost(p, size * Float.BYTES), "cudaMallocHost(" + size * Float.BYTES + " bytes)");
            p.capacity(size);
            pointer = p;
            view = p.asBuffer();
            capacity = size;
        }
        return pointer.position(0);
    }

    long bytes() {
        return capacity * Float.BYTES;
    }

    void putMatrix(long index, float[] src, int off, int ld, int rows, int cols) {
        HostCopies.putMatrix(view, index, src, off, ld, rows, cols);
    }

    void getMatrix(long index, float[] dst, int off, int ld, int rows, int cols) {
        HostCopies.getMatrix(view, index, dst, off, ld, rows, cols);
    }

    void put(long index, float[] src, int off, int len) {
        view.put((int) index, src, off, len);
    }

    void get(long index, float[] dst, int off, int len) {
        view.get((int) index, dst, off, len);
    }

    private void free() {
        if (pointer != null) {
            FloatPointer p = pointer;
            pointer = null;
            view = null;
            capacity = 0;
            CudaStatus.cuda(cudaFreeHost(p.position(0)), "cudaFreeHost");
        }
    }

    @Override
    public void close() {
        free();
    }
}
