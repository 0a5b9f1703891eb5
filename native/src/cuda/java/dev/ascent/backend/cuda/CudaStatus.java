package dev.ascent.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.cudnnGetErrorString;

/** Turns CUDA, cuBLAS and cuDNN status codes into exceptions that name the failing call. */
final class CudaStatus {
    private CudaStatus() {}

    static void cuda(int status, String call) {
        if (status != cudaSuccess) throw new CudaException(call + " failed: " + cudaGetErrorString(status).getString() + " (" + status + ")");
    }

    static void cublas(int status, String call) {
        if (status != CUBLAS_STATUS_SUCCESS) throw new CudaException(call + " failed with cuBLAS status " + status);
    }

    static void cudnn(int status, String call) {
        if (status != CUDNN_STATUS_SUCCESS) throw new CudaException(call + " failed: " + cudnnGetErrorString(status).getString() + " (" + status + ")");
    }
}
