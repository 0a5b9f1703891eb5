package dev.ascent.envs.classic;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import java.util.Map;

/**
 * The mountain-car task with a continuous force, a faithful port of Gymnasium's {@code Continuous_MountainCarEnv}
 * ({@code gymnasium/envs/classic_control/continuous_mountain_car.py}), registered as MountainCarContinuous-v0
 * (999 steps, reward threshold 90).
 *
 * <p>State {@code [position, velocity]}, stored as float32 after every step exactly as Gymnasium stores it (line
 * 178); observation: the state as float32. Action: one force, clipped to [-1, 1] for the dynamics. Reward
 * {@code -0.1 * a^2} with the <em>unclipped</em> action, plus 100 on reaching the goal ({@code position >= 0.45}
 * and {@code velocity >= goal_velocity}).
 */
public final class ContinuousMountainCar extends AbstractEnv implements ClassicControlEnv {

    // Lines 117-126.
    static final float MIN_ACTION = -1.0f;
    static final float MAX_ACTION = 1.0f;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    /** "was 0.5 in gymnasium, 0.45 in Arnaud de Broissia's version" (line 123). */
    static final double GOAL_POSITION = 0.45;
    static final double POWER = 0.0015;
    /** Gravity term of line 155. */
    private static final double GRAVITY = 0.0025;
    private static final double RESET_LOW = -0.6;
    private static final double RESET_HIGH = -0.4;

    private final double goalVelocity;
    private final Box actionSpace = new Box(MIN_ACTION, MAX_ACTION, 1);
    private final Box observationSpace = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});

    private double position;
    private double velocity;
    private boolean hasState;

    /** MountainCarContinuous with Gymnasium's default {@code goal_velocity = 0}. */
    public ContinuousMountainCar() {
        this(0);
    }

    /**
     * @param goalVelocity minimum velocity at the goal for the episode to terminate ({@code goal_velocity})
     */
    public ContinuousMountainCar(double goalVelocity) {
        this.goalVelocity = goalVelocity;
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        double[] bounds = ResetOptions.bounds(options, RESET_LOW, RESET_HIGH);
        // Line 190: a float64 state [uniform(low, high), 0] until the first step.
        position = npRandom().uniform(bounds[0], bounds[1]);
        velocity = 0;
        hasState = true;
        return ResetResult.of(new float[] {(float) position, (float) velocity});
    }

    @Override
    public StepResult step(float[] action) {
        actionSpace.checkAction(action);
        if (!hasState) {
            throw resetNeeded("step()");
        }
        // Line 153; with NumPy 1.x the float32 force times the Python float power is computed in float64.
        double force = Math.min(Math.max(action[0], MIN_ACTION), MAX_ACTION);
        double v = velocity + (force * POWER - GRAVITY * Math.cos(3 * position)); // line 155
        if (v > MAX_SPEED) {
            v = MAX_SPEED;
        }
        if (v < -MAX_SPEED) {
            v = -MAX_SPEED;
        }
        double p = position + v;
        if (p > MAX_POSITION) {
            p = MAX_POSITION;
        }
        if (p < MIN_POSITION) {
            p = MIN_POSITION;
        }
        if (p == MIN_POSITION && v < 0) {
            v = 0;
        }
        boolean terminated = p >= GOAL_POSITION && v >= goalVelocity; // lines 169-171
        double reward = terminated ? 100.0 : 0.0; // lines 173-176: the unclipped action is penalised
        double a = action[0];
        reward -= (a * a) * 0.1;
        // Line 178: the state is stored as float32.
        position = (float) p;
        velocity = (float) v;
        return StepResult.of(new float[] {(float) position, (float) velocity}, reward, terminated, false);
    }

    /** The velocity required at the goal. */
    public double goalVelocity() {
        return goalVelocity;
    }

    @Override
    public double[] state() {
        if (!hasState) {
            throw resetNeeded("state()");
        }
        return new double[] {position, velocity};
    }

    @Override
    public void setState(double[] state) {
        ResetOptions.checkState("MountainCarContinuous", state, 2);
        position = state[0];
        velocity = state[1];
        hasState = true;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Box actionSpace() {
        return actionSpace;
    }

    @Override
    public RgbFrame render() {
        if (!hasState) {
            throw resetNeeded("render()");
        }
        return MountainCarRenderer.draw(position, MIN_POSITION, MAX_POSITION, GOAL_POSITION);
    }

    /** {@code metadata["render_fps"] = 30}. */
    @Override
    public int renderFps() {
        return 30;
    }
}
