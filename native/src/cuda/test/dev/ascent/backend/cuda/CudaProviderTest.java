package dev.ascent.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a machine without the NVIDIA driver (this suite's CPU-only half): the provider declines cleanly, backend
 * selection falls to OpenBLAS, and no {@code org.bytedeco.cuda} class is ever loaded, let alone initialised.
 */
@DisabledIf(value = "dev.ascent.backend.cuda.CudaTestSupport#deviceAvailable", disabledReason = "a CUDA device is present")
class CudaProviderTest {

    @Test
    void providerDeclinesWithoutTouchingCuda() {
        CudaBackendProvider p = new CudaBackendProvider();
        assertEquals("cuda", p.name());
        assertTrue(p.priority() > dev.ascent.backend.openblas.OpenBlasBackendProvider.PRIORITY);
        if (CudaDriverProbe.absenceReason() != null) {
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, p::create);
            assertTrue(e.getMessage().contains("NVIDIA driver"), e.getMessage());
        }
    }

    @Test
    void cpuOnlyJvmNeverLoadsCudaClasses() throws Exception {
        // A fresh JVM, class loading traced: Backends tries cuda (priority 20) first, then settles on openblas.
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-verbose:class", "-cp", System.getProperty("java.class.path"),
                "dev.ascent.backend.openblas.BackendProbe");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), out);
        assertTrue(out.contains("active=openblas"), out);
        assertFalse(out.lines().anyMatch(l -> l.contains("org.bytedeco.cuda.")), "a CUDA class was loaded on a CPU-only machine");
        assertTrue(out.lines().anyMatch(l -> l.contains("dev.ascent.backend.cuda.CudaBackendProvider")), "the CUDA provider was not even consulted");
    }
}
