package dev.ascent.nn;

/** Removes the hook it was returned for (PyTorch's {@code RemovableHandle}); removing twice is harmless. */
@FunctionalInterface
public interface HookHandle extends AutoCloseable {
    void remove();

    /** Same as {@link #remove()}, so that a hook can be scoped with try-with-resources. */
    @Override
    default void close() {
        remove();
    }
}
