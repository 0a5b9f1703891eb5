package dev.ascent.backend.openblas;

/** Creates backends for tests, where the natives must load: a failure here is a test failure, not a skip. */
final class TestBackends {
    private TestBackends() {}

    static OpenBlasBackend create(OpenBlasBackend.Mode mode) {
        try {
            return OpenBlasBackend.create(mode);
        } catch (OpenBlasUnavailableException e) {
            throw new AssertionError("OpenBLAS must load on the build platform", e);
        }
    }
}
