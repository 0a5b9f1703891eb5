package dev.ascent.envs.classic;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import java.util.Map;

/**
 * The two-link acrobot swing-up task, a faithful port of Gymnasium's {@code AcrobotEnv}
 * ({@code gymnasium/envs/classic_control/acrobot.py}, "book" dynamics), registered as Acrobot-v1 (500 steps).
 *
 * <p>State {@code [theta1, theta2, dtheta1, dtheta2]}; observation
 * {@code [cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2]} as float32. Actions 0, 1, 2 apply
 * torque -1, 0, +1 to the joint between the links. One RK4 step of length 0.2 per step, then the angles are
 * wrapped to [-pi, pi] and the velocities bounded. Reward -1 per step, 0 on the terminating step (tip above
 * the bar).
 */
public final class Acrobot extends AbstractEnv implements ClassicControlEnv {

    // Class attributes, acrobot.py lines 147-162.
    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_LENGTH_2 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, +1};
    /** {@code _dsdt} line 252. */
    private static final double G = 9.8;
    // Reset range, lines 189-196.
    private static final double RESET_LOW = -0.1;
    private static final double RESET_HIGH = 0.1;

    private final Discrete actionSpace = new Discrete(3);
    // Lines 177-181.
    private final Box observationSpace = new Box(
            new float[] {-1f, -1f, -1f, -1f, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new float[] {1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2});

    private final double[] s = new double[4];
    private boolean hasState;
    // RK4 scratch (the 5th augmented component, the torque, has derivative 0 and stays constant).
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] tmp = new double[4];
    /**
     * A one-entry memo of cos/sin(theta2) (NaN: empty): the observation computes them for the state the next step
     * starts from, whose first RK4 stage needs the same values. Keyed by the exact value, so setState cannot make
     * it stale.
     */
    private double cachedTheta2 = Double.NaN;
    private double cachedCosTheta2;
    private double cachedSinTheta2;

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        double[] bounds = ResetOptions.bounds(options, RESET_LOW, RESET_HIGH);
        var rng = npRandom();
        // uniform(low, high, size=(4,)).astype(np.float32): the state is float32 until the first step.
        for (int i = 0; i < 4; i++) {
            s[i] = (float) rng.uniform(bounds[0], bounds[1]);
        }
        hasState = true;
        return ResetResult.of(observation());
    }

    @Override
    public StepResult step(int action) {
        actionSpace.checkAction(action);
        if (!hasState) {
            throw resetNeeded("step()");
        }
        double torque = AVAIL_TORQUE[action]; // torque_noise_max = 0: no noise is drawn
        rk4(torque);
        // Lines 219-222.
        s[0] = wrap(s[0], -Math.PI, Math.PI);
        s[1] = wrap(s[1], -Math.PI, Math.PI);
        s[2] = bound(s[2], -MAX_VEL_1, MAX_VEL_1);
        s[3] = bound(s[3], -MAX_VEL_2, MAX_VEL_2);
        double cos0 = Math.cos(s[0]);
        double cos1 = Math.cos(s[1]);
        double sin1 = Math.sin(s[1]);
        float[] obs = {(float) cos0, (float) Math.sin(s[0]), (float) cos1, (float) sin1, (float) s[2], (float) s[3]};
        // The next step's first derivative evaluation needs cos/sin of this same theta2: keep them.
        cachedTheta2 = s[1];
        cachedCosTheta2 = cos1;
        cachedSinTheta2 = sin1;
        // Line 242: terminal when the tip is above the bar.
        boolean terminated = -cos0 - Math.cos(s[1] + s[0]) > 1.0;
        double reward = terminated ? 0.0 : -1.0; // line 225
        return StepResult.of(obs, reward, terminated, false);
    }

    /** {@code rk4(self._dsdt, s_augmented, [0, dt])} (lines 415-461), one step, same operation order. */
    private void rk4(double torque) {
        double dt = DT - 0; // t[1] - t[0]
        double dt2 = dt / 2.0;
        if (Double.doubleToRawLongBits(cachedTheta2) == Double.doubleToRawLongBits(s[1])) {
            dsdt(s, torque, k1, cachedCosTheta2, cachedSinTheta2);
        } else {
            dsdt(s, torque, k1);
        }
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt2 * k1[i];
        }
        dsdt(tmp, torque, k2);
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt2 * k2[i];
        }
        dsdt(tmp, torque, k3);
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt * k3[i];
        }
        dsdt(tmp, torque, k4);
        double sixth = dt / 6.0;
        for (int i = 0; i < 4; i++) {
            s[i] = s[i] + sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /** {@code _dsdt} (lines 244-279), the "book" branch; writes {@code [dtheta1, dtheta2, ddtheta1, ddtheta2]}. */
    private static void dsdt(double[] y, double a, double[] out) {
        dsdt(y, a, out, Math.cos(y[1]), Math.sin(y[1]));
    }

    /** {@link #dsdt(double[], double, double[])} with {@code cos(theta2)} and {@code sin(theta2)} precomputed. */
    private static void dsdt(double[] y, double a, double[] out, double cosTheta2, double sinTheta2) {
        final double m1 = LINK_MASS_1;
        final double m2 = LINK_MASS_2;
        final double l1 = LINK_LENGTH_1;
        final double lc1 = LINK_COM_POS_1;
        final double lc2 = LINK_COM_POS_2;
        final double i1 = LINK_MOI;
        final double i2 = LINK_MOI;
        double theta1 = y[0];
        double theta2 = y[1];
        double dtheta1 = y[2];
        double dtheta2 = y[3];
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cosTheta2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cosTheta2) + i2;
        double phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sinTheta2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2
                + (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sinTheta2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** {@code wrap(x, m, M)} (lines 375-393): shift by {@code M - m} until {@code m <= x <= M}. */
    static double wrap(double x, double m, double bigM) {
        double diff = bigM - m;
        while (x > bigM) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    /** {@code bound(x, m, M) = min(max(x, m), M)} (lines 396-412). */
    static double bound(double x, double m, double bigM) {
        return Math.min(Math.max(x, m), bigM);
    }

    /**
     * {@code _get_ob}. After reset the state is a float32 array and NumPy's cos/sin then run in float32; the
     * float32 rounding of the double result is the correctly rounded value, which NumPy returned on every recorded
     * reset.
     */
    private float[] observation() {
        cachedTheta2 = s[1];
        cachedCosTheta2 = Math.cos(s[1]);
        cachedSinTheta2 = Math.sin(s[1]);
        return new float[] {(float) Math.cos(s[0]), (float) Math.sin(s[0]), (float) cachedCosTheta2,
            (float) cachedSinTheta2, (float) s[2], (float) s[3]};
    }

    @Override
    public double[] state() {
        if (!hasState) {
            throw resetNeeded("state()");
        }
        return s.clone();
    }

    @Override
    public void setState(double[] state) {
        ResetOptions.checkState("Acrobot", state, 4);
        System.arraycopy(state, 0, s, 0, 4);
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
        return AcrobotRenderer.draw(s[0], s[1]);
    }

    /** {@code metadata["render_fps"] = 15}. */
    @Override
    public int renderFps() {
        return 15;
    }
}
