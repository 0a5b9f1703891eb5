package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Shapes;

/**
 * Weight initialisers with {@code torch.nn.init}'s definitions. Each writes into the tensor's data in
 * place (no graph is recorded) and returns the tensor. Random draws come from the {@link Rng} passed in,
 * so an initialisation is reproducible from a seed; the values differ from PyTorch's, whose generator
 * is different, but the distributions are the same.
 */
public final class Init {
    private Init() {}

    /** Fan-in and fan-out of a weight, as {@code _calculate_fan_in_and_fan_out}. */
    public record Fans(int fanIn, int fanOut) {}

    /**
     * For a weight of shape {@code [out, in, k...]}: fan-in = in·prod(k), fan-out = out·prod(k). Linear
     * weights {@code [out, in]} give (in, out).
     */
    public static Fans fans(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, got shape "
                    + Shapes.str(shape));
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }

    /** The recommended gain for {@code nonlinearity} (1 for linear, convolutions and sigmoid). */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, Double.NaN);
    }

    /**
     * As {@code calculate_gain(nonlinearity, param)}: tanh 5/3, relu √2, leaky relu √(2/(1+slope²)) with
     * {@code param} the negative slope (NaN means PyTorch's default 0.01), selu 3/4.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        switch (nonlinearity) {
            case LINEAR: case CONV1D: case CONV2D: case CONV3D:
            case CONV_TRANSPOSE1D: case CONV_TRANSPOSE2D: case CONV_TRANSPOSE3D: case SIGMOID:
                return 1.0;
            case TANH:
                return 5.0 / 3;
            case RELU:
                return Math.sqrt(2.0);
            case LEAKY_RELU: {
                double slope = Double.isNaN(param) ? 0.01 : param;
                return Math.sqrt(2.0 / (1 + slope * slope));
            }
            case SELU:
                return 3.0 / 4;
            default:
                throw new AssertionError(nonlinearity);
        }
    }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        t.data().fill((float) value);
        return t;
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Rng rng) {
        float[] d = t.data().data();
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.uniform(low, high);
        return t;
    }

    /** N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        float[] d = t.data().data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.normal());
        return t;
    }

    /** Xavier/Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        Fans f = fans(t.shape());
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        double a = Math.sqrt(3.0) * std;
        return uniform(t, -a, a, rng);
    }

    /** Xavier/Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        Fans f = fans(t.shape());
        return normal(t, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())), rng);
    }

    /**
     * Kaiming/He uniform: U(-b, b) with b = √3 · gain / √fan, gain = {@code calculateGain(nonlinearity, a)}.
     * PyTorch's defaults are {@code a = 0, FAN_IN, LEAKY_RELU}; {@code nn.Linear} and {@code nn.Conv2d} use
     * {@code a = √5}, which gives b = 1/√fan_in.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        double std = kaimingStd(t, a, mode, nonlinearity);
        double bound = Math.sqrt(3.0) * std;
        return uniform(t, -bound, bound, rng);
    }

    /** Kaiming/He normal: N(0, std²) with std = gain / √fan. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), rng);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        if (t.size() == 0) throw new IllegalArgumentException("kaiming init: tensor of shape " + Shapes.str(t.shape()) + " is empty");
        Fans f = fans(t.shape());
        int fan = mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as {@code torch.nn.init.orthogonal_}: the weight is
     * viewed as {@code [rows, cols]} with rows = shape[0]; a standard normal matrix of the taller
     * orientation is QR-factorised and Q, with each column's sign corrected by the sign of R's diagonal
     * (which makes the result uniformly distributed over orthogonal matrices), is written back, transposed
     * if the weight is wide. So {@code W Wᵀ = gain² I} when rows ≤ cols and {@code Wᵀ W = gain² I} otherwise.
     * The QR is a twice-applied modified Gram–Schmidt in double precision; Gram–Schmidt's Q is the QR
     * factor with a positive diagonal, which is exactly what the sign correction produces.
     */
    public static Tensor orthogonal(Tensor t, double gain, Rng rng) {
        int[] s = t.shape();
        if (s.length < 2) throw new IllegalArgumentException("orthogonal init: only tensors with 2 or more dimensions are supported, got shape " + Shapes.str(s));
        int rows = s[0];
        if (t.size() == 0) return t; // PyTorch: "Initializing zero-element tensors is a no-op"
        int cols = t.size() / rows;
        int tall = Math.max(rows, cols), narrow = Math.min(rows, cols);
        // q[j] is column j of the tall tall×narrow matrix, stored contiguously.
        double[][] q = new double[narrow][tall];
        if (rows >= cols) {
            // flattened[r][c] is normal; columns are c.
            double[][] tmp = new double[rows][cols];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) tmp[r][c] = rng.normal();
            for (int c = 0; c < cols; c++) for (int r = 0; r < rows; r++) q[c][r] = tmp[r][c];
        } else {
            // flattened is drawn [rows, cols] and transposed: its columns are the rows of the draw.
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) q[r][c] = rng.normal();
        }
        gramSchmidt(q);
        float[] out = t.data().data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = rows >= cols ? q[c][r] : q[r][c];
                out[r * cols + c] = (float) (gain * v);
            }
        }
        return t;
    }

    /** Orthonormalises the vectors in place, in order ("twice is enough" re-orthogonalisation). */
    private static void gramSchmidt(double[][] v) {
        for (int j = 0; j < v.length; j++) {
            double[] x = v[j];
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < j; i++) {
                    double[] e = v[i];
                    double d = 0;
                    for (int k = 0; k < x.length; k++) d += e[k] * x[k];
                    for (int k = 0; k < x.length; k++) x[k] -= d * e[k];
                }
            }
            double norm = 0;
            for (double xv : x) norm += xv * xv;
            norm = Math.sqrt(norm);
            if (!(norm > 1e-300)) throw new IllegalStateException("orthogonal init: the random matrix is rank-deficient (column " + j + ")");
            for (int k = 0; k < x.length; k++) x[k] /= norm;
        }
    }
}
