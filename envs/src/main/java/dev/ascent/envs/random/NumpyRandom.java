package dev.ascent.envs.random;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * A port of the parts of {@code numpy.random.Generator} (over {@link Pcg64}) that Gymnasium's environments and
 * spaces use, bit-exact with NumPy: {@link #random()}, {@link #uniform(double, double)} and
 * {@link #integers(long)}. {@code NumpyRandom.seeded(s)} is {@code np.random.Generator(np.random.PCG64(
 * np.random.SeedSequence(s)))}, i.e. what {@code gymnasium.utils.seeding.np_random(s)} returns.
 *
 * <p>{@link #standardNormal()} and {@link #standardExponential()} are <em>not</em> NumPy's ziggurat samplers (their
 * 256-entry tables are not ported); they are exact-in-distribution samplers driven by the same stream. Only
 * unbounded or half-bounded {@code Box.sample} uses them.
 *
 * <p>Implements {@link RandomGenerator} so it can be handed to Java APIs: {@link #nextLong()} is NumPy's
 * {@code next_uint64} and {@link #nextDouble()} NumPy's {@code random()}; the other inherited defaults are Java's
 * algorithms on that stream. Not thread-safe: use one instance per thread (every env and space owns its own).
 */
public final class NumpyRandom implements RandomGenerator {

    private static final SecureRandom ENTROPY = new SecureRandom();

    private final Pcg64 bitGenerator;
    private final long seed;
    /** Second normal deviate of the last polar-method pair. */
    private double spareNormal;
    private boolean hasSpareNormal;

    private NumpyRandom(Pcg64 bitGenerator, long seed) {
        this.bitGenerator = bitGenerator;
        this.seed = seed;
    }

    /**
     * The generator {@code gymnasium.utils.seeding.np_random(seed)} returns.
     *
     * @param seed a non-negative seed
     * @return a fresh generator
     * @throws IllegalArgumentException if the seed is negative (Gymnasium raises {@code error.Error} as well)
     */
    public static NumpyRandom seeded(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("Seed must be greater or equal to zero, actual value: " + seed);
        }
        return new NumpyRandom(Pcg64.fromSeed(seed), seed);
    }

    /**
     * A generator seeded from the operating system's entropy, like {@code np_random(None)}. Gymnasium draws a
     * 128-bit seed; this draws a 63-bit one so that {@link #seed()} fits a {@code long} and can be logged and
     * replayed with {@link #seeded(long)}.
     *
     * @return a fresh, nondeterministically seeded generator
     */
    public static NumpyRandom fromEntropy() {
        return seeded(randomSeed());
    }

    /** A nondeterministic non-negative seed. */
    public static long randomSeed() {
        return ENTROPY.nextLong() & Long.MAX_VALUE;
    }

    /** The seed this generator was created from (Gymnasium's {@code np_random_seed}). */
    public long seed() {
        return seed;
    }

    /** The underlying bit generator. */
    public Pcg64 bitGenerator() {
        return bitGenerator;
    }

    /** {@code Generator.random()}: a double in [0, 1) from 53 random bits. */
    public double random() {
        return bitGenerator.nextDouble();
    }

    /**
     * {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()} (NumPy's
     * {@code random_uniform(lower, range)} with {@code range = high - low}).
     *
     * @param low lower bound (inclusive)
     * @param high upper bound (exclusive, up to rounding)
     * @return the sample
     */
    public double uniform(double low, double high) {
        return low + (high - low) * bitGenerator.nextDouble();
    }

    /**
     * {@code Generator.uniform(low, high, size=out.length)}: successive samples, element 0 first.
     *
     * @param low lower bound
     * @param high upper bound
     * @param out filled with samples
     */
    public void uniform(double low, double high, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform(low, high);
        }
    }

    /**
     * {@code Generator.uniform(low=lows, high=highs)} with per-element bounds (broadcast, element 0 first).
     *
     * @param lows lower bounds
     * @param highs upper bounds, same length
     * @return the samples
     */
    public double[] uniform(double[] lows, double[] highs) {
        if (lows.length != highs.length) {
            throw new IllegalArgumentException("lows and highs differ in length: " + lows.length + " vs " + highs.length);
        }
        double[] out = new double[lows.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform(lows[i], highs[i]);
        }
        return out;
    }

    /**
     * {@code Generator.integers(high)} for the default int64 dtype: uniform in {@code [0, high)}, using NumPy's
     * {@code random_bounded_uint64} (Lemire's method on 32-bit draws when the range fits 32 bits).
     *
     * @param high exclusive upper bound, at least 1
     * @return the sample
     */
    public long integers(long high) {
        return integers(0, high);
    }

    /**
     * {@code Generator.integers(low, high)}: uniform in {@code [low, high)}.
     *
     * @param low inclusive lower bound
     * @param high exclusive upper bound, greater than {@code low}
     * @return the sample
     */
    public long integers(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("low >= high: low=" + low + ", high=" + high);
        }
        long rng = high - 1 - low; // closed range [low, low + rng], as unsigned
        return low + boundedUint64(rng);
    }

    /** {@code random_bounded_uint64(state, off=0, rng, mask, use_masked=False)} (distributions.c). */
    private long boundedUint64(long rng) {
        if (rng == 0) {
            return 0;
        }
        if (Long.compareUnsigned(rng, 0xFFFFFFFFL) <= 0) {
            if (rng == 0xFFFFFFFFL) {
                return bitGenerator.nextUint32() & 0xFFFFFFFFL;
            }
            return boundedLemireUint32((int) rng) & 0xFFFFFFFFL;
        }
        if (rng == -1L) {
            return bitGenerator.nextUint64();
        }
        return boundedLemireUint64(rng);
    }

    /** {@code buffered_bounded_lemire_uint32}: multiply-shift with rejection of the biased low part. */
    private int boundedLemireUint32(int rng) {
        long rngExcl = (rng & 0xFFFFFFFFL) + 1;
        long m = (bitGenerator.nextUint32() & 0xFFFFFFFFL) * rngExcl;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rngExcl) {
            long threshold = (0xFFFFFFFFL - (rng & 0xFFFFFFFFL)) % rngExcl;
            while (leftover < threshold) {
                m = (bitGenerator.nextUint32() & 0xFFFFFFFFL) * rngExcl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** {@code bounded_lemire_uint64} with a 128-bit product (the __uint128_t branch). */
    private long boundedLemireUint64(long rng) {
        long rngExcl = rng + 1;
        long x = bitGenerator.nextUint64();
        long leftover = x * rngExcl;
        if (Long.compareUnsigned(leftover, rngExcl) < 0) {
            long threshold = Long.remainderUnsigned(-1L - rng, rngExcl);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                x = bitGenerator.nextUint64();
                leftover = x * rngExcl;
            }
        }
        return Math.multiplyHigh(x, rngExcl) + ((x >> 63) & rngExcl) + ((rngExcl >> 63) & x);
    }

    /**
     * A standard normal deviate by Marsaglia's polar method on this stream (not NumPy's ziggurat, see the class
     * comment).
     *
     * @return N(0, 1) sample
     */
    public double standardNormal() {
        if (hasSpareNormal) {
            hasSpareNormal = false;
            return spareNormal;
        }
        double u;
        double v;
        double s;
        do {
            u = 2.0 * random() - 1.0;
            v = 2.0 * random() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double factor = Math.sqrt(-2.0 * Math.log(s) / s);
        spareNormal = v * factor;
        hasSpareNormal = true;
        return u * factor;
    }

    /**
     * A standard exponential deviate by inversion, {@code -log(1 - U)} (not NumPy's ziggurat).
     *
     * @return Exp(1) sample
     */
    public double standardExponential() {
        return -Math.log1p(-random());
    }

    /** NumPy's {@code next_uint64}. */
    @Override
    public long nextLong() {
        return bitGenerator.nextUint64();
    }

    /** NumPy's {@code next_double} ({@link #random()}). */
    @Override
    public double nextDouble() {
        return random();
    }

    @Override
    public String toString() {
        return "NumpyRandom(PCG64, seed=" + seed + ")";
    }
}
