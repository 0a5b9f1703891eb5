/**
 * Optimizers with PyTorch 1.13's update formulas and defaults ({@link dev.ascent.optim.SGD},
 * {@link dev.ascent.optim.Adam}, {@link dev.ascent.optim.RMSprop}), parameter groups, learning-rate
 * schedules, optimizer state dicts for checkpoints, and TRPO's {@link dev.ascent.optim.ConjugateGradient}.
 */
package dev.ascent.optim;
