package dev.ascent.backend.cuda;

import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;

/**
 * A growable block of device memory (cudaMalloc / cudaFree), owned by one {@link CudaThreadContext}. It only
 * grows, by at least half its size, so a steady workload stops calling cudaMalloc (which synchronises the
 * device) after its first steps; {@link #close()} frees it at once.
 */
final class DeviceBuffer implements AutoCloseable {
    private static final long MIN_FLOATS = 1 << 16;
    private FloatPointer pointer; // address filled in by cudaMalloc; JavaCPP owns no deallocator for it
    private long capacity;

    /** Device memory for at least {@code floats} floats (contents undefined), at position 0. */
    FloatPointer reserve(long floats) {
        if (pointer == null || floats > capacity) {
            long size = Math.max(Math.max(floats, MIN_FLOATS), capacity + capacity / 2);
            free();
            FloatPointer p = new FloatPointer();
            CudaStatus.cuda(cudaMalloc(p, size * Float.BYTES), "cudaMalloc(" + size * Float.BYTES + " bytes)");
            pointer = p;
            capacity = size;
        }
        return pointer.position(0);
    }

    long bytes() {
        return capacity * Float.BYTES;
    }

    private void free() {
        if (pointer != null) {
            FloatPointer p = pointer;
            pointer = null;
            capacity = 0;
            CudaStatus.cuda(cudaFree(p.position(0)), "cudaFree");
        }
    }

    @Override
    public void close() {
        free();
    }
}
