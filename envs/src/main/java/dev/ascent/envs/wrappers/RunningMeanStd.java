package dev.ascent.envs.wrappers;

import java.util.Arrays;

/**
 * Running mean, variance and count of a stream of vectors, Gymnasium's {@code RunningMeanStd}
 * ({@code gymnasium/wrappers/utils.py} lines 33-71): the parallel-variance update of Chan et al. with the count
 * starting at {@code epsilon = 1e-4}, mean 0 and variance 1.
 *
 * <p>The arithmetic follows NumPy's dtypes so the numbers equal Gymnasium's: with {@link Precision#FLOAT32}
 * (observation statistics, whose arrays Gymnasium creates as float32) every array operation of the update rounds
 * to float32 and the scalar count (a Python float) is rounded to float32 where NumPy casts it; with
 * {@link Precision#FLOAT64} (reward statistics) the update is in double. The batch moments follow the batch's
 * dtype ({@link #update(float[], int)}: float32, axis-0 sums row by row, pairwise summation for a 1-D batch;
 * {@link #update(double[], int)}: float64).
 *
 * <p>{@link #state()} and {@link #setState(State)} export and import the statistics as plain arrays so that a
 * checkpoint can save them. Not thread-safe.
 */
public final class RunningMeanStd {

    /** The dtype of the mean and variance arrays. */
    public enum Precision {
        /** float32 arrays, Gymnasium's NormalizeObservation. */
        FLOAT32,
        /** float64 arrays, Gymnasium's NormalizeReward. */
        FLOAT64
    }

    /**
     * A snapshot of the statistics.
     *
     * @param mean running mean per element
     * @param var running (population) variance per element
     * @param count number of samples seen plus the initial epsilon
     */
    public record State(double[] mean, double[] var, double count) {
        /** Copies the arrays and checks their lengths. */
        public State {
            if (mean.length != var.length) {
                throw new IllegalArgumentException("mean and var differ in length: " + mean.length + " vs " + var.length);
            }
            mean = mean.clone();
            var = var.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] var() {
            return var.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Arrays.equals(s.mean, mean) && Arrays.equals(s.var, var)
                    && Double.compare(s.count, count) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(mean) + Arrays.hashCode(var) + Double.hashCode(count);
        }

        @Override
        public String toString() {
            return "State[mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var) + ", count=" + count + "]";
        }
    }

    /** Gymnasium's initial count. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private final int size;
    private final Precision precision;
    private final double[] mean;
    private final double[] var;
    private double count;
    // Scratch for batch moments.
    private final double[] batchMean;
    private final double[] batchVar;

    /**
     * Statistics of vectors of {@code size} elements, count starting at 1e-4.
     *
     * @param size elements per sample (1 for scalars)
     * @param precision dtype of the statistics
     */
    public RunningMeanStd(int size, Precision precision) {
        this(size, precision, DEFAULT_EPSILON);
    }

    /**
     * @param size elements per sample
     * @param precision dtype of the statistics
     * @param epsilon initial count
     */
    public RunningMeanStd(int size, Precision precision, double epsilon) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.size = size;
        this.precision = precision;
        this.mean = new double[size];
        this.var = new double[size];
        Arrays.fill(var, 1.0);
        this.count = epsilon;
        this.batchMean = new double[size];
        this.batchVar = new double[size];
    }

    /** Elements per sample. */
    public int size() {
        return size;
    }

    /** The dtype of the statistics. */
    public Precision precision() {
        return precision;
    }

    /** Running mean of element {@code i}. */
    public double mean(int i) {
        return mean[i];
    }

    /** Running variance of element {@code i}. */
    public double var(int i) {
        return var[i];
    }

    /** Samples seen plus the initial epsilon. */
    public double count() {
        return count;
    }

    /** A copy of the statistics. */
    public State state() {
        return new State(mean, var, count);
    }

    /**
     * Replaces the statistics (values are rounded to float32 for {@link Precision#FLOAT32}).
     *
     * @param state statistics of the same size, e.g. from {@link #state()} of a checkpoint
     */
    public void setState(State state) {
        if (state.mean.length != size) {
            throw new IllegalArgumentException("state has " + state.mean.length + " elements, expected " + size);
        }
        if (!(state.count > 0)) {
            throw new IllegalArgumentException("count must be positive, got " + state.count);
        }
        for (int i = 0; i < size; i++) {
            mean[i] = round(state.mean[i]);
            var[i] = round(state.var[i]);
        }
        count = state.count;
    }

    private double round(double v) {
        return precision == Precision.FLOAT32 ? (float) v : v;
    }

    /**
     * {@code update(x)} for a float32 batch of {@code rows} samples stored row-major in {@code batch}; each row is
     * a sample of {@link #size()} elements. The batch mean and variance are computed in float32 as NumPy does for a
     * float32 array (axis-0 sums row by row; pairwise sums for a 1-D batch when {@code size == 1}), the update
     * itself in this instance's precision.
     *
     * @param batch {@code rows * size} values
     * @param rows number of samples, at least 1
     */
    public void update(float[] batch, int rows) {
        checkBatch(batch.length, rows);
        float32Moments(batch, rows);
        updateFromMoments(batchMean, batchVar, rows);
    }

    /**
     * {@code update(x)} for a float64 batch (moments in double), row-major as in {@link #update(float[], int)}.
     *
     * @param batch {@code rows * size} values
     * @param rows number of samples, at least 1
     */
    public void update(double[] batch, int rows) {
        checkBatch(batch.length, rows);
        float64Moments(batch, rows);
        updateFromMoments(batchMean, batchVar, rows);
    }

    private void checkBatch(int length, int rows) {
        if (rows < 1 || length < rows * size) {
            throw new IllegalArgumentException("batch of " + length + " values cannot hold " + rows + " rows of "
                    + size);
        }
    }

    /** np.mean / np.var over axis 0 of a float32 (rows, size) array; 1-D when size == 1 (pairwise sums). */
    private void float32Moments(float[] x, int rows) {
        if (size == 1 && rows > 1) {
            // A 1-D float32 array: pairwise sum, scalar mean sum/n computed in float64 and cast (NumPy scalar path);
            // np.var divides the keepdims mean array in float32 and the final scalar again through float64.
            float sum = NumpySums.pairwiseSum(x, 0, rows);
            batchMean[0] = (float) ((double) sum / rows);
            float arrMean = sum / (float) rows;
            float[] sq = new float[rows];
            for (int r = 0; r < rows; r++) {
                float d = x[r] - arrMean;
                sq[r] = d * d;
            }
            batchVar[0] = (float) ((double) NumpySums.pairwiseSum(sq, 0, rows) / rows);
            return;
        }
        for (int j = 0; j < size; j++) {
            float s = 0f + x[j]; // NumPy starts the reduction from the identity 0
            for (int r = 1; r < rows; r++) {
                s += x[r * size + j];
            }
            float m = s / (float) rows;
            batchMean[j] = m;
            float v = 0f;
            for (int r = 0; r < rows; r++) {
                float d = x[r * size + j] - m;
                v += d * d;
            }
            batchVar[j] = v / (float) rows;
        }
    }

    /** np.mean / np.var over axis 0 of a float64 array (row-by-row sums; exact for the 1-sample updates). */
    private void float64Moments(double[] x, int rows) {
        for (int j = 0; j < size; j++) {
            double s = x[j];
            for (int r = 1; r < rows; r++) {
                s += x[r * size + j];
            }
            double m = s / rows;
            batchMean[j] = m;
            double v = 0;
            for (int r = 0; r < rows; r++) {
                double d = x[r * size + j] - m;
                v += d * d;
            }
            batchVar[j] = v / rows;
        }
    }

    /**
     * {@code update_from_moments} / {@code update_mean_var_count_from_moments}.
     *
     * @param batchMeans per-element batch mean
     * @param batchVars per-element batch variance
     * @param batchCount number of samples in the batch
     */
    public void updateFromMoments(double[] batchMeans, double[] batchVars, double batchCount) {
        double totCount = count + batchCount;
        if (precision == Precision.FLOAT32) {
            // Array ops in float32; the Python scalars count, batch_count and tot_count are cast to float32.
            float c = (float) count;
            float bc = (float) batchCount;
            float tc = (float) totCount;
            for (int i = 0; i < size; i++) {
                float m = (float) mean[i];
                float delta = (float) batchMeans[i] - m;
                float newMean = m + delta * bc / tc;
                float mA = (float) var[i] * c;
                float mB = (float) batchVars[i] * bc;
                float m2 = mA + mB + delta * delta * c * bc / tc;
                mean[i] = newMean;
                var[i] = m2 / tc;
            }
        } else {
            for (int i = 0; i < size; i++) {
                double delta = batchMeans[i] - mean[i];
                double newMean = mean[i] + delta * batchCount / totCount;
                double mA = var[i] * count;
                double mB = batchVars[i] * batchCount;
                double m2 = mA + mB + delta * delta * count * batchCount / totCount;
                mean[i] = newMean;
                var[i] = m2 / totCount;
            }
        }
        count = totCount;
    }

    @Override
    public String toString() {
        return "RunningMeanStd[" + precision + ", count=" + count + ", mean=" + Arrays.toString(mean) + ", var="
                + Arrays.toString(var) + "]";
    }
}
