package dev.ascent.engine;

/**
 * A seedable pseudo-random generator: xoshiro256** (Blackman and Vigna) seeded through SplitMix64.
 *
 * <p>Why our own: {@code java.util.Random} is weak and {@code SplittableRandom}'s algorithm is not
 * specified to stay the same across JDKs. This one is fully defined here, so the same seed gives the
 * same stream on every JVM and platform: only integer arithmetic, and {@link StrictMath} for the
 * transcendental functions of the normal sampler. Generators are plain objects passed around
 * explicitly; there is no global instance and nothing here calls {@code Math.random}.
 * Not thread-safe: give each thread its own (see {@link #split()}).
 */
public final class Rng {
    private long s0, s1, s2, s3;
    /** Box–Muller produces normals in pairs; the second is kept for the next call (and is part of the state). */
    private double spareNormal;
    private boolean hasSpare;

    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, bound), unbiased (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits (every float in the grid is reachable, 1 is not). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    public float uniform(float low, float high) {
        return (float) (low + (high - (double) low) * nextDouble());
    }

    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Standard normal sample (Box–Muller, polar-free form with StrictMath for reproducibility). */
    public double normal() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = 2.0 * Math.PI * u2;
        spareNormal = r * StrictMath.sin(theta);
        hasSpare = true;
        return r * StrictMath.cos(theta);
    }

    /**
     * An index drawn with probabilities proportional to {@code weights[off .. off+n)} (need not sum to 1;
     * negative or NaN weights are rejected).
     */
    public int categorical(float[] weights, int off, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float w = weights[off + i];
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("categorical: weight " + w + " at index " + i + " is not a finite non-negative number");
            }
            total += w;
        }
        if (total <= 0) throw new IllegalArgumentException("categorical: weights sum to " + total + ", expected a positive sum");
        double u = nextDouble() * total;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < n; i++) {
            float w = weights[off + i];
            if (w > 0) last = i;
            acc += w;
            if (u < acc) return i;
        }
        return last; // rounding: u landed on the very top of the range
    }

    public int categorical(float[] weights) {
        return categorical(weights, 0, weights.length);
    }

    /** Fisher–Yates shuffle in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p);
        return p;
    }

    /** A new, statistically independent generator seeded from this one (for worker threads, envs, …). */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The full state (4 words, the spare normal and its flag), for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareNormal), hasSpare ? 1 : 0};
    }

    /** Restores a state from {@link #state()}. */
    public void setState(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("Rng state must have 6 words, got " + state.length);
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new IllegalArgumentException("Rng state must not be all zero");
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        spareNormal = Double.longBitsToDouble(state[4]);
        hasSpare = state[5] != 0;
    }
}
