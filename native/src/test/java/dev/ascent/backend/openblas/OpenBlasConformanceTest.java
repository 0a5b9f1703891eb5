package dev.ascent.backend.openblas;

import dev.ascent.engine.BackendConformance;
import dev.ascent.engine.backend.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine's op conformance suite against the OpenBLAS backend, twice: as shipped (the dispatcher, which
 * sends the suite's many small shapes to the Java kernels) and with every op forced through OpenBLAS, so the
 * native path sees every shape and transpose the suite has.
 */
class OpenBlasConformanceTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Dispatching extends BackendConformance {
        private final OpenBlasBackend backend = TestBackends.create(OpenBlasBackend.Mode.DISPATCH);

        @Override
        protected Backend backend() {
            return backend;
        }

        @AfterAll
        void free() {
            backend.close();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NativeOnly extends BackendConformance {
        private final OpenBlasBackend backend = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY);

        @Override
        protected Backend backend() {
            return backend;
        }

        @AfterAll
        void free() {
            backend.close();
        }
    }
}
