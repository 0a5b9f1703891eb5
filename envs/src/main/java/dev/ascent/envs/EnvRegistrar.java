package dev.ascent.envs;

import java.util.List;

/**
 * A plugin that adds environments to the {@link Envs} registry. Implementations listed in
 * {@code META-INF/services/dev.ascent.envs.EnvRegistrar} are found with {@link java.util.ServiceLoader} the first
 * time the registry is used, so a module on the class path (e.g. Box2D environments) registers its ids without
 * any call from user code. {@link Envs#register(EnvSpec)} does the same explicitly.
 */
public interface EnvRegistrar {

    /** The environments to register. */
    List<EnvSpec> specs();
}
