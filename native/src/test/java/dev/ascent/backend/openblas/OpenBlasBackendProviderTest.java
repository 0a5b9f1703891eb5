package dev.ascent.backend.openblas;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider as ServiceLoader sees it: registered, above Java, and honouring ascent.openblas.mode. */
class OpenBlasBackendProviderTest {

    @AfterEach
    void clearMode() {
        System.clearProperty(OpenBlasBackendProvider.MODE_PROPERTY);
    }

    @Test
    void isRegisteredAboveJava() {
        assertTrue(Backends.registeredNames().contains("openblas"), Backends.registeredNames().toString());
        OpenBlasBackendProvider p = new OpenBlasBackendProvider();
        assertEquals("openblas", p.name());
        assertTrue(p.priority() > 0);
    }

    @Test
    void modePropertySelectsDispatchOrNativeOnly() throws Exception {
        OpenBlasBackendProvider p = new OpenBlasBackendProvider();
        Backend dispatch = p.create();
        assertEquals(OpenBlasBackend.Mode.DISPATCH, ((OpenBlasBackend) dispatch).mode());
        ((OpenBlasBackend) dispatch).close();
        System.setProperty(OpenBlasBackendProvider.MODE_PROPERTY, "native");
        Backend nativeOnly = p.create();
        assertEquals(OpenBlasBackend.Mode.NATIVE_ONLY, ((OpenBlasBackend) nativeOnly).mode());
        ((OpenBlasBackend) nativeOnly).close();
        System.setProperty(OpenBlasBackendProvider.MODE_PROPERTY, "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::create);
        assertTrue(e.getMessage().contains("ascent.openblas.mode"), e.getMessage());
    }

    @Test
    void threadCountPropertyIsParsedDefensively() {
        System.setProperty(OpenBlasLibrary.THREADS_PROPERTY, "3");
        assertEquals(3, OpenBlasLibrary.configuredThreads());
        System.setProperty(OpenBlasLibrary.THREADS_PROPERTY, "zero");
        assertEquals(1, OpenBlasLibrary.configuredThreads());
        System.setProperty(OpenBlasLibrary.THREADS_PROPERTY, "-2");
        assertEquals(1, OpenBlasLibrary.configuredThreads());
        System.clearProperty(OpenBlasLibrary.THREADS_PROPERTY);
        assertEquals(1, OpenBlasLibrary.configuredThreads());
    }

    @Test
    void threadsCanBeChangedAtRunTime() throws Exception {
        OpenBlasLibrary.ensureLoaded();
        int before = OpenBlasLibrary.threads();
        try {
            OpenBlasLibrary.setThreads(2);
            assertEquals(2, OpenBlasLibrary.threads());
        } finally {
            OpenBlasLibrary.setThreads(before);
        }
        assertThrows(IllegalArgumentException.class, () -> OpenBlasLibrary.setThreads(0));
    }
}
