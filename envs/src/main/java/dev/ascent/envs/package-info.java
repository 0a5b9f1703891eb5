/**
 * Reinforcement-learning environments with Gymnasium's API, independent of the tensor engine.
 *
 * <ul>
 *   <li>{@link dev.ascent.envs.Env}: {@code reset(seed)} / {@code step(action)} returning
 *       {@link dev.ascent.envs.ResetResult} and {@link dev.ascent.envs.StepResult}; observations are flat
 *       {@code float[]} described by a {@link dev.ascent.envs.spaces.Box}.</li>
 *   <li>{@link dev.ascent.envs.Envs}: the registry and {@code make(id)} ({@code gym.make}), extensible with
 *       {@link dev.ascent.envs.Envs#register} or an {@link dev.ascent.envs.EnvRegistrar} service.</li>
 *   <li>Sub-packages: {@code spaces}, {@code random} (NumPy's SeedSequence + PCG64, bit-exact), {@code classic}
 *       (CartPole, Pendulum, Acrobot, MountainCar, MountainCarContinuous), {@code wrappers}, {@code vector}
 *       (synchronous and threaded batched environments) and {@code render} (Java2D frames, animated GIFs).</li>
 * </ul>
 */
package dev.ascent.envs;
