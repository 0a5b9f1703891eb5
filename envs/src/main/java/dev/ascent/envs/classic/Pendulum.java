package dev.ascent.envs.classic;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import java.util.Map;

/**
 * The inverted-pendulum swing-up task, a faithful port of Gymnasium's {@code PendulumEnv}
 * ({@code gymnasium/envs/classic_control/pendulum.py}), registered as Pendulum-v1 (200 steps).
 *
 * <p>State {@code [theta, theta_dot]} (theta is not wrapped); observation {@code [cos theta, sin theta, theta_dot]}
 * as float32. Action: one torque, clipped to [-2, 2]. Reward {@code -(angle_normalize(theta)^2 + 0.1 theta_dot^2
 * + 0.001 u^2)} from the state <em>before</em> the step and the clipped torque; never terminates.
 */
public final class Pendulum extends AbstractEnv implements ClassicControlEnv {

    // Lines 103-108; g is a constructor argument defaulting to 10.0 (line 102).
    static final double MAX_SPEED = 8;
    static final float MAX_TORQUE = 2.0f;
    static final double DT = 0.05;
    static final double DEFAULT_G = 10.0;
    static final double M = 1.0;
    static final double L = 1.0;
    // Reset bounds, lines 12-13: theta ~ U(-pi, pi), theta_dot ~ U(-1, 1).
    private static final double DEFAULT_X = Math.PI;
    private static final double DEFAULT_Y = 1.0;

    private final double g;
    private final Box actionSpace = new Box(-MAX_TORQUE, MAX_TORQUE, 1);
    // Line 117: observation bounds [1, 1, max_speed].
    private final Box observationSpace = new Box(new float[] {-1f, -1f, (float) -MAX_SPEED},
            new float[] {1f, 1f, (float) MAX_SPEED});

    private double theta;
    private double thetaDot;
    private boolean hasState;
    /** The last clipped torque, for rendering ({@code last_u}); NaN stands for None. */
    private double lastU = Double.NaN;

    /** Pendulum with Gymnasium's default gravity, 10.0. */
    public Pendulum() {
        this(DEFAULT_G);
    }

    /**
     * @param g gravitational acceleration (Gymnasium's {@code g} keyword)
     */
    public Pendulum(double g) {
        if (!Double.isFinite(g)) {
            throw new IllegalArgumentException("g must be finite, got " + g);
        }
        this.g = g;
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        // Lines 149-162: symmetric bounds, options x_init / y_init override the defaults.
        double highX = ResetOptions.number(options, "x_init", DEFAULT_X);
        double highY = ResetOptions.number(options, "y_init", DEFAULT_Y);
        var rng = npRandom();
        theta = rng.uniform(-highX, highX);
        thetaDot = rng.uniform(-highY, highY);
        hasState = true;
        lastU = Double.NaN;
        return ResetResult.of(observation());
    }

    @Override
    public StepResult step(float[] action) {
        actionSpace.checkAction(action);
        if (!hasState) {
            throw resetNeeded("step()");
        }
        double th = theta;
        double thdot = thetaDot;
        // Line 134: np.clip keeps the float32 value; with NumPy 1.x every later expression is float64, so widening
        // the clipped float32 torque to double reproduces Gymnasium's numbers.
        double u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        lastU = u;
        // Line 136: cost from the state before the update and the clipped torque. NumPy's float64 `**2` is the C
        // library's pow, which is not always the correctly rounded x*x (see GlibcPow); u*u is exact (float32 u).
        double costs = GlibcPow.square(angleNormalize(th)) + 0.1 * GlibcPow.square(thdot) + 0.001 * (u * u);
        // Lines 138-140: semi-implicit Euler, the new velocity moves the angle.
        double newThdot = thdot + (3 * g / (2 * L) * Math.sin(th) + 3.0 / (M * (L * L)) * u) * DT;
        newThdot = Math.min(Math.max(newThdot, -MAX_SPEED), MAX_SPEED);
        double newTh = th + newThdot * DT;
        theta = newTh;
        thetaDot = newThdot;
        return StepResult.of(observation(), -costs, false, false);
    }

    /**
     * {@code angle_normalize(x) = ((x + pi) % (2 pi)) - pi} with Python's floor modulo (result in [-pi, pi)).
     *
     * @param x an angle
     * @return the equivalent angle in [-pi, pi)
     */
    static double angleNormalize(double x) {
        return floorMod(x + Math.PI, 2 * Math.PI) - Math.PI;
    }

    /**
     * Python/NumPy float {@code a % b} (npy_divmod): the truncated remainder {@code fmod(a, b)}, which is exact,
     * shifted by {@code b} (one rounding) when its sign differs from the divisor's; zero becomes {@code +0.0}
     * for positive {@code b}.
     */
    static double floorMod(double a, double b) {
        double mod = fmod(a, b);
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
        } else {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }

    /**
     * C's {@code fmod} (the exact truncated remainder). Java's {@code %} computes the same value but is slow
     * (an x87 loop); for quotients below 2^50 the remainder is found with one fused multiply-add: with the
     * integer quotient {@code k}, {@code a - k*b} is exactly representable, so {@code fma(-k, b, a)} is exact,
     * and a quotient off by one (from rounding {@code a / b}) shows as a wrong sign or magnitude and is fixed.
     */
    static double fmod(double a, double b) {
        double q = a / b;
        if (!(Math.abs(q) < 0x1p50) || b == 0 || !Double.isFinite(a) || !Double.isFinite(b)) {
            return a % b;
        }
        double k = (double) (long) q; // truncation toward zero
        double m = Math.fma(-k, b, a);
        double sign = a < 0 ? -1.0 : 1.0;
        double absB = Math.abs(b);
        if (m != 0 && (m < 0) != (a < 0)) {
            m = Math.fma(-(k - sign * Math.signum(b)), b, a); // quotient was one too large in magnitude
        } else if (Math.abs(m) >= absB) {
            m = Math.fma(-(k + sign * Math.signum(b)), b, a); // one too small
        }
        return m == 0 ? Math.copySign(0.0, a) : m;
    }

    private float[] observation() {
        return new float[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
    }

    /** Gravitational acceleration of this instance. */
    public double gravity() {
        return g;
    }

    @Override
    public double[] state() {
        if (!hasState) {
            throw resetNeeded("state()");
        }
        return new double[] {theta, thetaDot};
    }

    @Override
    public void setState(double[] state) {
        ResetOptions.checkState("Pendulum", state, 2);
        theta = state[0];
        thetaDot = state[1];
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
        return PendulumRenderer.draw(theta, lastU);
    }

    /** {@code metadata["render_fps"] = 30}. */
    @Override
    public int renderFps() {
        return 30;
    }
}
