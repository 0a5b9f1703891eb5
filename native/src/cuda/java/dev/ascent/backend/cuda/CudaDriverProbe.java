package dev.ascent.backend.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides, without touching any CUDA class, whether it is worth trying to load CUDA at all.
 *
 * <p>On a machine without the NVIDIA driver, merely initialising {@code org.bytedeco.cuda.global.cudart} throws
 * {@code UnsatisfiedLinkError} (no {@code libcuda.so.1}) and leaves the class unusable for the rest of the JVM,
 * after extracting tens of MB of JNI glue. On Linux the kernel driver announces itself in
 * {@code /proc/driver/nvidia/version} (and {@code /dev/nvidiactl}); when neither exists, CPU-only runs stop here
 * and never load a CUDA class. Other operating systems have no such cheap test, so there the guarded load in
 * {@link CudaBackend#create()} decides.
 */
final class CudaDriverProbe {
    private CudaDriverProbe() {}

    /** Null if a driver may be present, otherwise why not. */
    static String absenceReason() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) return null;
        if (Files.exists(Path.of("/proc/driver/nvidia/version")) || Files.exists(Path.of("/dev/nvidiactl"))) return null;
        return "no NVIDIA driver (neither /proc/driver/nvidia/version nor /dev/nvidiactl exists)";
    }
}
