/**
 * Observation and action spaces ({@code gymnasium.spaces}): {@link dev.ascent.envs.spaces.Discrete} and
 * {@link dev.ascent.envs.spaces.Box} with {@code contains}, action validation and seeded, Gymnasium-exact
 * {@code sample}.
 */
package dev.ascent.envs.spaces;
