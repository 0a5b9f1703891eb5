/**
 * NumPy's random number generation, ported bit for bit: {@link dev.ascent.envs.random.SeedSequence},
 * the {@link dev.ascent.envs.random.Pcg64} bit generator and the parts of {@code numpy.random.Generator} that
 * Gymnasium uses ({@link dev.ascent.envs.random.NumpyRandom}). With them {@code env.reset(seed)} draws exactly the
 * initial states Gymnasium draws for the same seed.
 */
package dev.ascent.envs.random;
