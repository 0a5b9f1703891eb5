package dev.ascent.envs.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.StepResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numerical building blocks of the classic-control ports, and MountainCarContinuous (no golden file). */
class ClassicNumericsTest {

    /** {x, Python's x ** 2} from glibc's pow on x86-64 (the first 40 are cases where x ** 2 != x * x). */
    private static final double[][] POW_CASES = {
            {-9.715141236877889, 94.38396925248523},
            {2.4061529176328396, 5.789571863033027},
            {-0.5356230735268674, 0.286892076894368},
            {0.7824648489434729, 0.6122512398321319},
            {-5.553442270471651, 30.840721051461326},
            {3.6390596936456276, 13.242755453916208},
            {-6.6439375854967775, 44.141906639976746},
            {-9.002437906870288, 81.0438882670551},
            {-2.808908532386698, 7.889967143314794},
            {9.59778325962294, 92.11744349869834},
            {-0.9122862705261863, 0.8322662393905779},
            {6.706371632140126, 44.97542046837381},
            {-3.8594002121273636, 14.894969997368738},
            {3.016323160673389, 9.098205409614705},
            {3.7229435967377444, 13.860309024490574},
            {-4.813575838058979, 23.170512348745202},
            {7.676609451261363, 58.93033266719529},
            {-4.92384368331467, 24.24423661771778},
            {1.4034292737593805, 1.9696137264447824},
            {6.901683478559182, 47.633234838216765},
            {5.139827222600797, 26.41782387818822},
            {-5.084644430244623, 25.85360898201767},
            {-4.9582873005572665, 24.584612954867463},
            {-0.17214291424257944, 0.029633182923928057},
            {-3.056181971854426, 9.340248245088006},
            {-1.477724628040928, 2.183670076318699},
            {-2.8148180080284018, 7.923200418320979},
            {-3.345587105402563, 11.192953079835902},
            {0.5369390646032617, 0.2883035590970256},
            {-6.676697007653766, 44.578282932012755},
            {-3.8927745681917543, 15.1536938387605},
            {7.858432024709316, 61.754953886976956},
            {-1.4785904579162334, 2.186229742240937},
            {2.8096258221360983, 7.893997260413946},
            {-5.473153756259903, 29.95541203966188},
            {-5.881655798631131, 34.593874933571215},
            {6.549673274191846, 42.89821999866294},
            {5.5404839681176234, 30.696962600968405},
            {-5.423106740867755, 29.410086722845286},
            {-7.230564057162345, 52.281056584728},
            {-7.08485592126023, 50.19518342501614},
            {-5.650199370506309, 31.92475292646989},
            {-2.2869263968231905, 5.230032344486701},
            {-7.536106182521449, 56.79289639423801},
            {1.0751958045616785, 1.1560460181470351},
            {-2.5706114670638556, 6.608043314600188},
            {-7.063841557844199, 49.89785755432676},
            {-1.1213505922992457, 1.2574271508498691},
            {-4.17697405834403, 17.447112284078994},
            {-2.464472715690473, 6.073625766382774},
            {3.141592653589793, 9.869604401089358},
            {-3.141592653589793, 9.869604401089358},
            {1e-50, 1e-100},
            {3e+100, 9e+200},
            {1.0, 1.0},
    };

    @Test
    void glibcSquareMatchesPythonPowBitForBit() {
        int differsFromProduct = 0;
        for (double[] c : POW_CASES) {
            double got = GlibcPow.square(c[0]);
            assertEquals(Double.doubleToLongBits(c[1]), Double.doubleToLongBits(got), "x = " + c[0]);
            assertEquals(Double.doubleToLongBits(c[1]), Double.doubleToLongBits(GlibcPow.fullPow(c[0])), "full " + c[0]);
            if (c[0] * c[0] != c[1]) {
                differsFromProduct++;
            }
        }
        assertEquals(40, differsFromProduct, "the vectors exercise the cases where glibc is not correctly rounded");
    }

    @Test
    void glibcSquareFastPathAgreesWithTheFullAlgorithm() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? r.nextDouble(-10, 10) : Math.scalb(r.nextDouble(-1, 1), r.nextInt(-300, 300));
            assertEquals(Double.doubleToLongBits(GlibcPow.fullPow(x)), Double.doubleToLongBits(GlibcPow.square(x)),
                    "x = " + x);
        }
        assertEquals(0.0, GlibcPow.square(0.0), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, GlibcPow.square(Double.NEGATIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(GlibcPow.square(Double.NaN)));
        assertEquals(4.0, GlibcPow.square(-2.0), 0.0);
    }

    @Test
    void fmodIsExactlyJavasRemainder() {
        SplittableRandom r = new SplittableRandom(7);
        double twoPi = 2 * Math.PI;
        for (int i = 0; i < 300_000; i++) {
            double a;
            if (i % 3 == 0) {
                long k = r.nextLong(-100_000, 100_000);
                a = Math.nextAfter(k * twoPi, r.nextBoolean() ? 1e300 : -1e300); // just beside a multiple
            } else if (i % 3 == 1) {
                a = r.nextDouble(-60, 60);
            } else {
                a = Math.scalb(r.nextDouble(-1, 1), r.nextInt(-40, 70));
            }
            double b = i % 5 == 0 ? -r.nextDouble(0.01, 9) : twoPi;
            assertEquals(Double.doubleToLongBits(a % b), Double.doubleToLongBits(Pendulum.fmod(a, b)), a + " % " + b);
        }
    }

    @Test
    void angleNormalizeIsPythonsFloorModulo() {
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 0.0, "pi maps to -pi: [-pi, pi)");
        assertEquals(0.5, Pendulum.angleNormalize(0.5), 1e-15);
        assertEquals(0.5, Pendulum.angleNormalize(0.5 + 4 * Math.PI), 1e-14);
        assertEquals(-0.5, Pendulum.angleNormalize(-0.5 - 6 * Math.PI), 1e-14);
        // ((x + pi) % 2pi) - pi with Python semantics, negative dividend.
        double x = -22.62039126700709;
        double expected = ((x + Math.PI) % (2 * Math.PI) + 2 * Math.PI) - Math.PI;
        assertEquals(expected, Pendulum.angleNormalize(x), 0.0);
        assertEquals(0.0, Pendulum.floorMod(-0.0, 2.0), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, 1.0 / Pendulum.floorMod(-4.0, 2.0), 0.0, "+0.0, not -0.0");
    }

    @Test
    void pendulumClipsTorqueAndUsesThePreStepState() {
        Pendulum env = new Pendulum();
        env.reset(0);
        env.setState(new double[] {1.0, -2.0});
        StepResult big = env.step(new float[] {7f});
        env.setState(new double[] {1.0, -2.0});
        StepResult two = env.step(new float[] {2f});
        assertEquals(two.reward(), big.reward(), 0.0, "torque clipped to 2 before the cost");
        assertEquals(-(1.0 + 0.1 * 4 + 0.001 * 4), two.reward(), 1e-12);
        double newThdot = -2.0 + (15.0 * Math.sin(1.0) + 3.0 * 2.0) * 0.05;
        assertEquals(newThdot, env.state()[1], 1e-15);
        assertEquals(1.0 + newThdot * 0.05, env.state()[0], 1e-15, "semi-implicit Euler");
        env.setState(new double[] {0, 7.99});
        env.step(new float[] {2f});
        assertEquals(8.0, env.state()[1], 0.0, "speed clipped to 8");
        env.setState(new double[] {100.0, 0});
        env.step(new float[] {0f});
        assertTrue(env.state()[0] > 99, "theta is not wrapped");
    }

    @Test
    void acrobotWrapAndBound() {
        assertEquals(Math.PI - 1, Acrobot.wrap(Math.PI - 1 + 4 * Math.PI, -Math.PI, Math.PI), 1e-12);
        assertEquals(-3.0, Acrobot.wrap(-3.0, -Math.PI, Math.PI), 0.0);
        assertEquals(Math.PI, Acrobot.wrap(Math.PI, -Math.PI, Math.PI), 0.0, "the bounds themselves stay");
        assertEquals(4 * Math.PI, Acrobot.bound(100, -4 * Math.PI, 4 * Math.PI), 0.0);
        Acrobot env = new Acrobot();
        env.reset(3000);
        double[] s = env.state();
        for (double v : s) {
            assertEquals((float) v, v, 0.0, "reset state is float32");
        }
        env.setState(new double[] {Math.PI, 0, 0, 0}); // first link straight up: tip at height 2
        StepResult r = env.step(1);
        assertTrue(r.terminated());
        assertEquals(0.0, r.reward(), 0.0);
    }

    @Test
    void continuousMountainCarFollowsGymnasium() {
        ContinuousMountainCar env = new ContinuousMountainCar();
        env.reset(123);
        double[] start = env.state();
        assertEquals(0.0, start[1], 0.0);
        assertTrue(start[0] >= -0.6 && start[0] < -0.4);

        env.setState(new double[] {-0.5, 0.01});
        StepResult r = env.step(new float[] {3f}); // force clipped to 1 for the dynamics, not for the reward
        double v = 0.01 + (1.0 * 0.0015 - 0.0025 * Math.cos(3 * -0.5));
        double p = -0.5 + v;
        assertEquals((float) p, env.state()[0], 0.0, "state stored as float32");
        assertEquals((float) v, env.state()[1], 0.0);
        assertEquals(-0.9, r.reward(), 1e-15, "reward uses the unclipped action");
        assertFalse(r.terminated());

        env.setState(new double[] {0.44, 0.05});
        StepResult goal = env.step(new float[] {0.5f});
        assertTrue(goal.terminated());
        assertEquals(100.0 - 0.025, goal.reward(), 1e-12);

        env.setState(new double[] {-1.19, -0.06});
        env.step(new float[] {-1f});
        assertEquals((float) -1.2, env.state()[0], 0.0, "clamped at the left wall");
        assertEquals(0.0, env.state()[1], 0.0, "inelastic wall");

        env.setState(new double[] {0.5, 0.0699});
        env.step(new float[] {1f});
        assertEquals((float) 0.07, env.state()[1], 0.0, "speed limit");
        assertNotEquals(0.0, env.state()[0]);
    }

    @Test
    void mountainCarWallAndGoal() {
        MountainCar env = new MountainCar();
        env.reset(4000);
        env.setState(new double[] {-1.19, -0.05});
        StepResult r = env.step(0);
        assertEquals(-1.2, env.state()[0], 0.0);
        assertEquals(0.0, env.state()[1], 0.0);
        assertEquals(-1.0, r.reward(), 0.0);
        env.setState(new double[] {0.49, 0.02});
        assertTrue(env.step(2).terminated());
        MountainCar picky = new MountainCar(0.05);
        picky.reset(0);
        picky.setState(new double[] {0.49, 0.02});
        assertFalse(picky.step(2).terminated(), "goal_velocity not reached");
    }
}
