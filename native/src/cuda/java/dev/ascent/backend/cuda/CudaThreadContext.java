package dev.ascent.backend.cuda;

import dev.ascent.backend.scratch.ThreadScratch;
import dev.ascent.engine.ops.Conv2dGeometry;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.javacpp.FloatPointer;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.ascent.backend.cuda.CudaStatus.cublas;
import static dev.ascent.backend.cuda.CudaStatus.cuda;
import static dev.ascent.backend.cuda.CudaStatus.cudnn;
import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.cuda.global.cudnn.cudnnCreate;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroy;
import static org.bytedeco.cuda.global.cudnn.cudnnSetStream;

/**
 * Everything one host thread needs to drive the GPU: its own stream, cuBLAS and cuDNN handles bound to that
 * stream (handles are not meant to be shared between threads), device buffers for the operands and the cuDNN
 * workspace, pinned staging buffers, and the cuDNN plans of the geometries it has seen.
 *
 * <p>All of it is released by {@link #close()} (through {@link ThreadScratch}): device memory with cudaFree, the
 * handles with their destroy calls. Nothing is left to finalisers.
 */
final class CudaThreadContext extends ThreadScratch {
    static final int A = 0, B = 1, C = 2;
    private static final int MAX_PLANS = 32;

    final int device;
    final CUstream_st stream = new CUstream_st();
    final cublasContext cublas = new cublasContext();
    final cudnnContext cudnn = new cudnnContext();
    /** Host-side scalars for cuBLAS/cuDNN (pointer mode host): alpha and beta. */
    final FloatPointer one = new FloatPointer(1f), zero = new FloatPointer(0f), scalarA = new FloatPointer(1), scalarB = new FloatPointer(1);
    private final DeviceBuffer[] device3 = {new DeviceBuffer(), new DeviceBuffer(), new DeviceBuffer()};
    private final DeviceBuffer workspace = new DeviceBuffer();
    private final PinnedBuffer[] host3 = {new PinnedBuffer(), new PinnedBuffer(), new PinnedBuffer()};
    private final Map<Conv2dGeometry, ConvPlan> plans = new LinkedHashMap<>(16, 0.75f, true);
    private boolean streamMade, cublasMade, cudnnMade;

    CudaThreadContext(Thread owner, int device) {
        super(owner);
        this.device = device;
        try {
            cuda(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
            cuda(cudaStreamCreate(stream), "cudaStreamCreate");
            streamMade = true;
            cublas(cublasCreate_v2(cublas), "cublasCreate");
            cublasMade = true;
            cublas(cublasSetStream_v2(cublas, stream), "cublasSetStream");
            // Plain FP32: no TF32 tensor-core rounding, so results match the CPU backends within float32 tolerance.
            cublas(cublasSetMathMode(cublas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
            cudnn(cudnnCreate(cudnn), "cudnnCreate");
            cudnnMade = true;
            cudnn(cudnnSetStream(cudnn, stream), "cudnnSetStream");
        } catch (RuntimeException e) {
            free();
            throw e;
        }
    }

    DeviceBuffer device(int slot) {
        return device3[slot];
    }

    PinnedBuffer host(int slot) {
        return host3[slot];
    }

    /** The cuDNN workspace, grown to at least {@code bytes}. */
    FloatPointer workspace(long bytes) {
        return workspace.reserve((bytes + Float.BYTES - 1) / Float.BYTES);
    }

    /** The cached plan for {@code g}; the least recently used one is destroyed beyond {@value #MAX_PLANS}. */
    ConvPlan plan(Conv2dGeometry g) {
        ConvPlan p = plans.get(g);
        if (p == null) {
            p = new ConvPlan(cudnn, g);
            plans.put(g, p);
            if (plans.size() > MAX_PLANS) {
                var eldest = plans.entrySet().iterator().next();
                eldest.getValue().close();
                plans.remove(eldest.getKey());
            }
        }
        return p;
    }

    /** Waits for everything queued on this thread's stream. */
    void synchronize() {
        cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    @Override
    public long bytes() {
        long sum = workspace.bytes();
        for (DeviceBuffer b : device3) sum += b.bytes();
        for (PinnedBuffer b : host3) sum += b.bytes();
        return sum;
    }

    /** Device bytes only (pinned host staging excluded). */
    long deviceBytes() {
        long sum = workspace.bytes();
        for (DeviceBuffer b : device3) sum += b.bytes();
        return sum;
    }

    @Override
    protected void free() {
        // May run on another thread (the one closing the backend): make this context's device current there.
        cudaSetDevice(device);
        if (streamMade) cudaStreamSynchronize(stream);
        for (ConvPlan p : plans.values()) p.close();
        plans.clear();
        for (DeviceBuffer b : device3) b.close();
        workspace.close();
        for (PinnedBuffer b : host3) b.close();
        if (cudnnMade) cudnnDestroy(cudnn);
        if (cublasMade) cublasDestroy_v2(cublas);
        if (streamMade) cudaStreamDestroy(stream);
        cudnnMade = cublasMade = streamMade = false;
        one.close();
        zero.close();
        scalarA.close();
        scalarB.close();
    }
}
