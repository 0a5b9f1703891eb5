package dev.ascent.engine.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The selection rules of {@link Backends}: priority order, quiet decline, one warning per failed load. */
class BackendsTest {
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Logger logger = Logger.getLogger(Backends.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void capture() {
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
    }

    /** A provider with a fixed answer to isAvailable and a create that either succeeds or throws. */
    private static final class Fake implements BackendProvider {
        final String name;
        final boolean available;
        final boolean loads;
        int creates;

        Fake(String name, boolean available, boolean loads) {
            this.name = name;
            this.available = available;
            this.loads = loads;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return 5;
        }

        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public Backend create() {
            creates++;
            if (!loads) throw new UnsatisfiedLinkError("no lib" + name + " here");
            JavaBackend java = new JavaBackend();
            return new Backend() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao, int lda,
                                  float[] b, int bo, int ldb, float beta, float[] c, int co, int ldc) {
                    java.sgemm(ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
                }
            };
        }
    }

    private static String messages(List<LogRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records) sb.append(r.getMessage()).append('\n');
        return sb.toString();
    }

    @Test
    void anUnavailableProviderIsSkippedWithoutAWarningAndNeverCreated() {
        Fake gpu = new Fake("gpu", false, true), blas = new Fake("blas", true, true);
        Backend chosen = Backends.choose(null, List.of(gpu, blas, new JavaBackend.Provider()));
        assertEquals("blas", chosen.name());
        assertEquals(0, gpu.creates, "an unavailable provider must not be asked to load");
        assertTrue(warnings.isEmpty(), messages(warnings));
    }

    @Test
    void aProviderThatFailsToLoadGivesOneWarningNamingTheCauseAndTheReplacement() {
        Fake gpu = new Fake("gpu", false, true), blas = new Fake("blas", true, false);
        Backend chosen = Backends.choose(null, List.of(gpu, blas, new JavaBackend.Provider()));
        assertEquals("java", chosen.name());
        assertEquals(1, warnings.size(), messages(warnings));
        String msg = warnings.get(0).getMessage();
        assertTrue(msg.contains("blas") && msg.contains("no libblas here") && msg.contains("using java"), msg);
    }

    @Test
    void anUnavailableProviderRequestedByNameFallsBackToJavaWithAWarning() {
        Fake gpu = new Fake("gpu", false, true);
        Backend chosen = Backends.choose("gpu", List.of(gpu, new JavaBackend.Provider()));
        assertEquals("java", chosen.name());
        assertEquals(0, gpu.creates);
        assertEquals(1, warnings.size(), messages(warnings));
        assertTrue(warnings.get(0).getMessage().contains("ascent.backend=gpu"), messages(warnings));
    }

    @Test
    void theJavaProviderIsAlwaysAvailable() {
        BackendProvider java = new JavaBackend.Provider();
        assertTrue(java.isAvailable());
        assertSame(JavaBackend.class, Backends.choose("java", List.of(java)).getClass());
        assertFalse(Backends.available().isEmpty());
    }
}
