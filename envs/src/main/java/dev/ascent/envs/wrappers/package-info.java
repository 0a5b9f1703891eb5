/**
 * Environment wrappers ({@code gymnasium.wrappers}): common ({@code TimeLimit}, {@code OrderEnforcing},
 * {@code PassiveEnvChecker}, {@code Autoreset}, {@code RecordEpisodeStatistics}), action ({@code ClipAction},
 * {@code RescaleAction}, {@code TransformAction}, {@code StickyAction}, {@code RepeatAction}), observation
 * ({@code NormalizeObservation}, {@code FrameStackObservation}, {@code TransformObservation},
 * {@code DelayObservation}, {@code TimeAwareObservation}, {@code MaxAndSkipObservation}, {@code RescaleObservation},
 * {@code ReshapeObservation}), reward ({@code NormalizeReward}, {@code TransformReward}, {@code ClipReward}) and
 * rendering ({@code RenderCollection}). Normalisation statistics ({@link dev.ascent.envs.wrappers.RunningMeanStd})
 * follow Gymnasium's formulas and NumPy 1.x dtypes exactly and can be frozen, exported and imported.
 */
package dev.ascent.envs.wrappers;
