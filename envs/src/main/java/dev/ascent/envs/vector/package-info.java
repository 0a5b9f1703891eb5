/**
 * Vector environments ({@code gymnasium.vector}): {@link dev.ascent.envs.vector.SyncVectorEnv} and the threaded
 * {@link dev.ascent.envs.vector.AsyncVectorEnv}, built with {@link dev.ascent.envs.vector.VectorEnvs}. Batches are
 * flat row-major arrays in reused buffers (see {@link dev.ascent.envs.vector.VectorStepResult} for the aliasing
 * contract); autoreset follows {@link dev.ascent.envs.vector.AutoresetMode} (NEXT_STEP by default, SAME_STEP with
 * final observations). Vector wrappers share statistics across sub-environments.
 */
package dev.ascent.envs.vector;
