/**
 * The classic-control environments, faithful ports of Gymnasium 1.x
 * ({@code gymnasium/envs/classic_control}): {@link dev.ascent.envs.classic.CartPole},
 * {@link dev.ascent.envs.classic.Pendulum}, {@link dev.ascent.envs.classic.Acrobot},
 * {@link dev.ascent.envs.classic.MountainCar} and {@link dev.ascent.envs.classic.ContinuousMountainCar}. Each exposes
 * its physical state through {@link dev.ascent.envs.classic.ClassicControlEnv} and renders like Gymnasium's pygame
 * code. Registrations are in {@link dev.ascent.envs.classic.ClassicControl}.
 */
package dev.ascent.envs.classic;
