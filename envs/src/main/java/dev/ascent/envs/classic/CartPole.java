package dev.ascent.envs.classic;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The cart-pole balancing task, a faithful port of Gymnasium's {@code CartPoleEnv}
 * ({@code gymnasium/envs/classic_control/cartpole.py}); registered as CartPole-v0 (200 steps) and CartPole-v1
 * (500 steps), which share this class.
 *
 * <p>State {@code [x, x_dot, theta, theta_dot]} (double); observation: the state as float32. Actions: 0 pushes the
 * cart left, 1 right. Reward 1 per step including the terminating one; stepping on after termination without a
 * reset returns reward 0 and logs a warning once per episode, as Gymnasium does.
 */
public final class CartPole extends AbstractEnv implements ClassicControlEnv {

    private static final System.Logger LOG = System.getLogger(CartPole.class.getName());

    // Physical constants, cartpole.py lines 124-132.
    static final double GRAVITY = 9.8;
    static final double MASSCART = 1.0;
    static final double MASSPOLE = 0.1;
    static final double TOTAL_MASS = MASSPOLE + MASSCART;
    /** Half the pole's length (line 128: "actually half the pole's length"). */
    static final double LENGTH = 0.5;
    static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    /** Seconds between state updates (line 131). */
    static final double TAU = 0.02;
    // Failure thresholds, lines 135-136: 12 degrees and 2.4 units from the centre.
    static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;
    // Initial state range, reset lines 237-242.
    private static final double RESET_LOW = -0.05;
    private static final double RESET_HIGH = 0.05;

    private final boolean suttonBartoReward;
    private final Discrete actionSpace = new Discrete(2);
    private final Box observationSpace;

    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private boolean hasState;
    /** Gymnasium's {@code steps_beyond_terminated}; -1 stands for None. */
    private int stepsBeyondTerminated = -1;

    /** CartPole with Gymnasium's default reward (1 per step). */
    public CartPole() {
        this(false);
    }

    /**
     * @param suttonBartoReward Gymnasium's {@code sutton_barto_reward}: 0 per step and -1 on termination
     */
    public CartPole(boolean suttonBartoReward) {
        this.suttonBartoReward = suttonBartoReward;
        // Lines 140-151: the angle limit is doubled so a failing observation is still within bounds.
        float[] high = {(float) (X_THRESHOLD * 2), Float.POSITIVE_INFINITY, (float) (THETA_THRESHOLD_RADIANS * 2),
            Float.POSITIVE_INFINITY};
        float[] low = {-high[0], Float.NEGATIVE_INFINITY, -high[2], Float.NEGATIVE_INFINITY};
        this.observationSpace = new Box(low, high);
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        double[] bounds = ResetOptions.bounds(options, RESET_LOW, RESET_HIGH);
        var rng = npRandom();
        // np_random.uniform(low, high, size=(4,)): four successive draws.
        x = rng.uniform(bounds[0], bounds[1]);
        xDot = rng.uniform(bounds[0], bounds[1]);
        theta = rng.uniform(bounds[0], bounds[1]);
        thetaDot = rng.uniform(bounds[0], bounds[1]);
        hasState = true;
        stepsBeyondTerminated = -1;
        return ResetResult.of(observation());
    }

    @Override
    public StepResult step(int action) {
        actionSpace.checkAction(action);
        if (!hasState) {
            throw resetNeeded("step()");
        }
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG; // line 170
        double costheta = Math.cos(theta);
        double sintheta = Math.sin(theta);
        // Lines 176-183 (https://coneural.org/florian/papers/05_cart_pole.pdf), same operation order.
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
        double thetaacc = (GRAVITY * sintheta - costheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
        double xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS;
        // Lines 185-189, explicit Euler: positions advance with the old velocities.
        x = x + TAU * xDot;
        xDot = xDot + TAU * xacc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaacc;

        // Lines 198-203: strict inequalities on the new state.
        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        double reward;
        if (!terminated) {
            reward = suttonBartoReward ? 0.0 : 1.0;
        } else if (stepsBeyondTerminated < 0) {
            stepsBeyondTerminated = 0; // the pole just fell
            reward = suttonBartoReward ? -1.0 : 1.0;
        } else {
            if (stepsBeyondTerminated == 0) {
                LOG.log(Level.WARNING, "You are calling 'step()' even though this environment has already returned "
                        + "terminated = True. You should always call 'reset()' once you receive 'terminated = True' "
                        + "-- any further steps are undefined behavior.");
            }
            stepsBeyondTerminated++;
            reward = suttonBartoReward ? -1.0 : 0.0;
        }
        // Truncation is the TimeLimit wrapper's job (line 225).
        return StepResult.of(observation(), reward, terminated, false);
    }

    private float[] observation() {
        return new float[] {(float) x, (float) xDot, (float) theta, (float) thetaDot};
    }

    /**
     * Gymnasium's {@code steps_beyond_terminated}: empty (-1) until the first termination, then the number of steps
     * taken after it.
     */
    public int stepsBeyondTerminated() {
        return stepsBeyondTerminated;
    }

    @Override
    public double[] state() {
        if (!hasState) {
            throw resetNeeded("state()");
        }
        return new double[] {x, xDot, theta, thetaDot};
    }

    @Override
    public void setState(double[] state) {
        ResetOptions.checkState("CartPole", state, 4);
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
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
        return CartPoleRenderer.draw(x, theta);
    }

    /** {@code metadata["render_fps"] = 50}. */
    @Override
    public int renderFps() {
        return 50;
    }
}
