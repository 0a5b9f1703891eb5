package dev.ascent.backend.cuda;

import dev.ascent.engine.BackendConformance;
import dev.ascent.engine.backend.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** The engine's op conformance suite on the GPU: same results as the Java backend within float32 tolerance. */
@Tag("gpu")
@EnabledIf(value = "dev.ascent.backend.cuda.CudaTestSupport#deviceAvailable", disabledReason = "no CUDA device")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaBackendConformanceTest extends BackendConformance {
    private CudaBackend backend;

    @Override
    protected Backend backend() {
        if (backend == null) backend = CudaTestSupport.create();
        return backend;
    }

    @AfterAll
    void free() {
        if (backend != null) backend.close();
    }
}
