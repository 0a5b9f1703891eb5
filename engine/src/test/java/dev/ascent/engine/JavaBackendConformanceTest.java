package dev.ascent.engine;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.JavaBackend;
import dev.ascent.engine.backend.VectorSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance suite against both flavours of the pure-Java backend. */
class JavaBackendConformanceTest {

    @Nested
    class Scalar extends BackendConformance {
        @Override
        protected Backend backend() {
            return new JavaBackend(false);
        }
    }

    @Nested
    class Vector extends BackendConformance {
        @Override
        protected Backend backend() {
            return new JavaBackend(true);
        }

        @Test
        void vectorApiIsActiveInTheTestJvm() {
            // Surefire runs with --add-modules jdk.incubator.vector, so this suite must exercise the SIMD kernels.
            assertTrue(VectorSupport.AVAILABLE, "the Vector API should be available in the test JVM");
            assertTrue(((JavaBackend) backend()).usesVectorApi());
        }
    }
}
