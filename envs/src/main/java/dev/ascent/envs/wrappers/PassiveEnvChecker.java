package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.spaces.Box;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks the first {@code reset} and first {@code step} results against the API, logging warnings without
 * changing any data ({@code gymnasium/wrappers/common.py} lines 224-341 and {@code utils/passive_env_checker.py}):
 * observation length and membership of the observation space, finite rewards. Later calls pass straight through,
 * so the cost is one branch per step. {@link dev.ascent.envs.Envs#make(String)} applies it unless disabled.
 */
public final class PassiveEnvChecker extends Wrapper {

    private static final System.Logger LOG = System.getLogger(PassiveEnvChecker.class.getName());

    private boolean checkedReset;
    private boolean checkedStep;

    /**
     * @param env the environment to check
     * @throws IllegalArgumentException if the spaces are missing
     */
    public PassiveEnvChecker(Env env) {
        super(env);
        if (env.observationSpace() == null) {
            throw new IllegalArgumentException("The environment must specify an observation space: " + env);
        }
        if (env.actionSpace() == null) {
            throw new IllegalArgumentException("The environment must specify an action space: " + env);
        }
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        ResetResult r = env.reset(seed, options);
        if (!checkedReset) {
            checkedReset = true;
            checkObservation(r.observation(), "reset");
        }
        return r;
    }

    @Override
    public StepResult step(int action) {
        return checkStep(env.step(action));
    }

    @Override
    public StepResult step(float[] action) {
        return checkStep(env.step(action));
    }

    private StepResult checkStep(StepResult r) {
        if (!checkedStep) {
            checkedStep = true;
            checkObservation(r.observation(), "step");
            if (!Double.isFinite(r.reward())) {
                LOG.log(Level.WARNING, "The reward returned by `step()` is not finite: " + r.reward());
            }
        }
        return r;
    }

    private void checkObservation(float[] observation, String method) {
        Box space = env.observationSpace();
        if (observation.length != space.size()) {
            LOG.log(Level.WARNING, "The obs returned by the `" + method + "()` method has " + observation.length
                    + " values but the observation space " + space + " has " + space.size());
        } else if (!space.contains(observation)) {
            LOG.log(Level.WARNING, "The obs returned by the `" + method + "()` method is not within the observation "
                    + "space: " + Arrays.toString(observation) + " not in " + space);
        }
    }
}
