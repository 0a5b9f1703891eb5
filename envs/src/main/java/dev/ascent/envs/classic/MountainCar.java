package dev.ascent.envs.classic;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import java.util.Map;

/**
 * The mountain-car task with discrete actions, a faithful port of Gymnasium's {@code MountainCarEnv}
 * ({@code gymnasium/envs/classic_control/mountain_car.py}), registered as MountainCar-v0 (200 steps).
 *
 * <p>State {@code [position, velocity]}; observation: the state as float32. Actions 0, 1, 2 accelerate left, not
 * at all, right. Reward -1 per step; terminates when {@code position >= 0.5} and
 * {@code velocity >= goal_velocity}.
 */
public final class MountainCar extends AbstractEnv implements ClassicControlEnv {

    // Lines 109-116.
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;
    // Reset range of the position, lines 165-166.
    private static final double RESET_LOW = -0.6;
    private static final double RESET_HIGH = -0.4;

    private final double goalVelocity;
    private final Discrete actionSpace = new Discrete(3);
    // Lines 118-130.
    private final Box observationSpace = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});

    private double position;
    private double velocity;
    private boolean hasState;

    /** MountainCar with Gymnasium's default {@code goal_velocity = 0}. */
    public MountainCar() {
        this(0);
    }

    /**
     * @param goalVelocity minimum velocity at the goal for the episode to terminate ({@code goal_velocity})
     */
    public MountainCar(double goalVelocity) {
        this.goalVelocity = goalVelocity;
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        double[] bounds = ResetOptions.bounds(options, RESET_LOW, RESET_HIGH);
        position = npRandom().uniform(bounds[0], bounds[1]);
        velocity = 0;
        hasState = true;
        return ResetResult.of(observation());
    }

    @Override
    public StepResult step(int action) {
        actionSpace.checkAction(action);
        if (!hasState) {
            throw resetNeeded("step()");
        }
        // Line 138: the old position drives gravity and the whole right-hand side is added in ONE addition
        // ((v + a) + b would not be bit-identical).
        velocity += (action - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED); // line 139
        position += velocity; // line 140
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION); // line 141
        if (position == MIN_POSITION && velocity < 0) { // lines 142-143: inelastic wall on the left
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity; // lines 145-147
        return StepResult.of(observation(), -1.0, terminated, false); // line 148
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
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
        ResetOptions.checkState("MountainCar", state, 2);
        position = state[0];
        velocity = state[1];
        hasState = true;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Discrete actionSpace() {
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
