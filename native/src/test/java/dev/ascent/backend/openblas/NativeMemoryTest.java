package dev.ascent.backend.openblas;

import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.JavaBackend;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.ascent.backend.openblas.OpenBlasGemmTest.assertClose;
import static dev.ascent.backend.openblas.OpenBlasGemmTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory is deterministic: no growth over a million calls, freed on close, reclaimed from dead threads,
 * and safe under concurrent use. JavaCPP's {@link Pointer#totalBytes()} counts every byte our scratch holds
 * (exact); the process RSS ({@code VmRSS}) also catches anything allocated behind JavaCPP's back, such as a
 * leak inside OpenBLAS (coarse: JIT and GC move it by a few MiB).
 */
class NativeMemoryTest {
    private static final long RSS_SLACK = 24L << 20;

    /** Resident set size from /proc (Linux, which is the only platform whose natives are resolved by default). */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to JavaCPP's own measurement
        }
        return Pointer.physicalBytes();
    }

    @Test
    void aMillionTinyGemmsDoNotGrowNativeMemory() {
        float[] a = random(new Rng(1), 16), b = random(new Rng(2), 16), c = new float[16];
        try (OpenBlasBackend be = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY)) {
            for (int i = 0; i < 100_000; i++) be.sgemm(false, i % 2 == 0, 4, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4);
            long total0 = Pointer.totalBytes(), scratch0 = be.scratchBytes(), rss0 = rssBytes();
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) {
                boolean ta = (i & 1) != 0, tb = (i & 2) != 0;
                be.sgemm(ta, tb, 4, 4, 4, 1f, a, 0, 4, b, 0, 4, i % 3 == 0 ? 0f : 0.5f, c, 0, 4);
            }
            double nsPerCall = (System.nanoTime() - t0) / 1e6;
            long total1 = Pointer.totalBytes(), rss1 = rssBytes();
            System.out.printf("soak: 1M native 4x4x4 gemms, %.0f ns/call; JavaCPP bytes %d -> %d, RSS %d -> %d KiB%n",
                    nsPerCall, total0, total1, rss0 >> 10, rss1 >> 10);
            assertEquals(total0, total1, "JavaCPP-tracked native bytes changed over 1M calls");
            assertEquals(scratch0, be.scratchBytes(), "scratch grew over 1M calls of one shape");
            assertTrue(rss1 - rss0 < RSS_SLACK, "RSS grew by " + ((rss1 - rss0) >> 20) + " MiB over 1M calls");
            for (float v : c) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void closeFreesAllScratchAndLaterCallsFailCleanly() {
        long before = Pointer.totalBytes();
        OpenBlasBackend be = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY);
        float[] a = new float[512 * 512], c = new float[512 * 512];
        be.sgemm(false, false, 512, 512, 512, 1f, a, 0, 512, a, 0, 512, 0f, c, 0, 512);
        assertTrue(be.scratchBytes() >= 3L * 512 * 512 * 4, "three 1 MiB operands are staged");
        assertTrue(Pointer.totalBytes() - before >= be.scratchBytes());
        be.close();
        assertEquals(0, be.scratchBytes());
        assertEquals(before, Pointer.totalBytes(), "close must free every native byte the backend allocated");
        assertThrows(IllegalStateException.class, () -> be.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, a, 0, 2, 0f, c, 0, 2));
        be.close(); // idempotent
    }

    @Test
    void releaseThreadScratchFreesTheCallersMemoryAndItComesBackOnDemand() {
        try (OpenBlasBackend be = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY)) {
            float[] a = new float[256 * 256], c = new float[256 * 256];
            be.sgemm(false, false, 256, 256, 256, 1f, a, 0, 256, a, 0, 256, 0f, c, 0, 256);
            assertTrue(be.scratchBytes() > 0);
            be.releaseThreadScratch();
            assertEquals(0, be.scratchBytes());
            be.sgemm(false, false, 8, 8, 8, 1f, a, 0, 8, a, 0, 8, 0f, c, 0, 8);
            assertTrue(be.scratchBytes() > 0);
        }
    }

    @Test
    void scratchOfDeadThreadsIsReclaimed() throws InterruptedException {
        long before = Pointer.totalBytes();
        try (OpenBlasBackend be = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY)) {
            float[] a = new float[128 * 128], c = new float[128 * 128];
            long perThread = 0;
            for (int i = 0; i < 40; i++) {
                Thread t = new Thread(() -> be.sgemm(false, false, 128, 128, 128, 1f, a, 0, 128, a, 0, 128, 0f, c, 0, 128));
                t.start();
                t.join();
                if (i == 0) perThread = be.scratchBytes();
            }
            // Each new thread frees the scratch of the threads that died before it: one is held, not forty.
            assertEquals(1, be.scratchThreads());
            assertEquals(perThread, be.scratchBytes());
            assertTrue(Pointer.totalBytes() - before <= 2 * perThread);
        }
        assertEquals(before, Pointer.totalBytes());
    }

    @Test
    void concurrentCallersGetCorrectResults() throws InterruptedException {
        JavaBackend java = new JavaBackend();
        try (OpenBlasBackend be = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                threads.add(new Thread(() -> {
                    try {
                        Rng rng = new Rng(seed);
                        for (int i = 0; i < 200; i++) {
                            int m = 1 + rng.nextInt(80), n = 1 + rng.nextInt(80), k = 1 + rng.nextInt(80);
                            boolean ta = rng.nextInt(2) == 0, tb = rng.nextInt(2) == 0;
                            float[] a = random(rng, m * k), b = random(rng, k * n), want = new float[m * n], got = new float[m * n];
                            java.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, want, 0, n);
                            be.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, got, 0, n);
                            assertClose(want, got, 1e-4, "thread " + seed + " call " + i);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) t.join();
            assertNull(failure.get(), () -> "concurrent caller failed: " + failure.get());
        }
    }

    @Test
    void closingWhileAnotherThreadComputesNeverFreesMemoryUnderIt() throws InterruptedException {
        // The worker either finishes its call or gets IllegalStateException; it never reads freed memory (a crash).
        for (int round = 0; round < 20; round++) {
            OpenBlasBackend be = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY);
            float[] a = new float[96 * 96], c = new float[96 * 96];
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    for (int i = 0; i < 100_000; i++) be.sgemm(false, false, 96, 96, 96, 1f, a, 0, 96, a, 0, 96, 0f, c, 0, 96);
                } catch (IllegalStateException expected) {
                    // closed under us: the documented outcome
                } catch (Throwable t) {
                    unexpected.set(t);
                }
            });
            worker.start();
            Thread.sleep(2);
            be.close();
            worker.join();
            assertNull(unexpected.get());
            assertEquals(0, be.scratchBytes());
        }
    }
}
