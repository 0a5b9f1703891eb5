package dev.ascent.backend.openblas;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.Backends;

/** Run in a forked JVM by {@link FallbackTest}: prints which backend was chosen and whether it computes. */
public final class BackendProbe {
    private BackendProbe() {}

    public static void main(String[] args) {
        Backend b = Backends.active();
        float[] a = {1, 2, 3, 4}, c = new float[4];
        b.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, a, 0, 2, 0f, c, 0, 2);
        System.out.println("active=" + b.name());
        System.out.println("description=" + b.description());
        System.out.println("c=" + java.util.Arrays.toString(c));
    }
}
