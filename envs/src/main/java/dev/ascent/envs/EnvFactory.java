package dev.ascent.envs;

/** Creates an unwrapped environment from keyword arguments: a registration's entry point. */
@FunctionalInterface
public interface EnvFactory {

    /**
     * @param kwargs the registration's default keyword arguments merged with those passed to
     *     {@link Envs#make(String, MakeOptions)}; read every key the environment accepts
     * @return a new, unwrapped environment
     */
    Env create(Kwargs kwargs);
}
