package dev.ascent.envs.random;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A port of NumPy's {@code numpy.random.SeedSequence} (file {@code numpy/random/bit_generator.pyx}) for
 * non-negative integer entropy and no spawn key, which is what {@code gymnasium.utils.seeding.np_random(seed)}
 * uses. It turns a seed into well-mixed 32-bit words with which {@link Pcg64} is initialised, so that a Java
 * environment reset with seed {@code s} draws exactly the numbers Gymnasium draws with {@code reset(seed=s)}.
 *
 * <p>All arithmetic is on unsigned 32-bit words; Java's {@code int} multiplication and {@code >>>} give the same
 * bits modulo 2<sup>32</sup>.
 */
public final class SeedSequence {

    /** {@code DEFAULT_POOL_SIZE} in bit_generator.pyx: the pool holds 4 words (128 bits). */
    static final int POOL_SIZE = 4;
    // Hash constants of bit_generator.pyx (lines "cdef uint32_t INIT_A = ..." and following).
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    /** {@code XSHIFT = itemsize(uint32) * 8 // 2}. */
    private static final int XSHIFT = 16;

    private final BigInteger entropy;
    private final int[] pool = new int[POOL_SIZE];

    /**
     * Creates the sequence NumPy builds for {@code SeedSequence(entropy)}.
     *
     * @param entropy a non-negative seed
     * @throws IllegalArgumentException if {@code entropy} is negative (NumPy raises ValueError as well)
     */
    public SeedSequence(long entropy) {
        this(BigInteger.valueOf(entropy));
    }

    /**
     * Creates the sequence for arbitrary-size non-negative entropy (NumPy accepts Python ints of any size).
     *
     * @param entropy a non-negative seed
     * @throws IllegalArgumentException if {@code entropy} is negative
     */
    public SeedSequence(BigInteger entropy) {
        if (entropy.signum() < 0) {
            throw new IllegalArgumentException("SeedSequence entropy must be a non-negative integer, got " + entropy);
        }
        this.entropy = entropy;
        mixEntropy(toUint32Words(entropy));
    }

    /** The entropy this sequence was created from. */
    public BigInteger entropy() {
        return entropy;
    }

    /** A copy of the 4-word mixed pool (NumPy's {@code SeedSequence.pool}), as unsigned values in ints. */
    public int[] pool() {
        return pool.clone();
    }

    /**
     * {@code _int_to_uint32_array}: the integer split into 32-bit words, least significant first; zero gives one
     * zero word.
     */
    static int[] toUint32Words(BigInteger n) {
        if (n.signum() == 0) {
            return new int[] {0};
        }
        int words = (n.bitLength() + 31) / 32;
        int[] out = new int[words];
        BigInteger rest = n;
        for (int i = 0; i < words; i++) {
            out[i] = rest.intValue(); // low 32 bits
            rest = rest.shiftRight(32);
        }
        return out;
    }

    /** {@code mix_entropy}: hash the entropy words into the pool, then cross-mix every pool word. */
    private void mixEntropy(int[] entropyWords) {
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            int word = i < entropyWords.length ? entropyWords[i] : 0; // "keep running the hash out" with zeros
            pool[i] = hashmix(word, hashConst);
        }
        // Mix all bits together so late bits can affect earlier bits.
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
                }
            }
        }
        // Entropy beyond the pool size is mixed into every pool word.
        for (int src = POOL_SIZE; src < entropyWords.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropyWords[src], hashConst));
            }
        }
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        value ^= value >>> XSHIFT;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        result ^= result >>> XSHIFT;
        return result;
    }

    /**
     * {@code generate_state(n_words, dtype=np.uint32)}: the requested number of 32-bit words drawn by cycling
     * through the pool.
     *
     * @param nWords how many words
     * @return the words (unsigned values held in ints)
     */
    public int[] generateState32(int nWords) {
        if (nWords < 0) {
            throw new IllegalArgumentException("nWords must be >= 0, got " + nWords);
        }
        int hashConst = INIT_B;
        int[] state = new int[nWords];
        for (int i = 0; i < nWords; i++) {
            int dataVal = pool[i % POOL_SIZE];
            dataVal ^= hashConst;
            hashConst *= MULT_B;
            dataVal *= hashConst;
            dataVal ^= dataVal >>> XSHIFT;
            state[i] = dataVal;
        }
        return state;
    }

    /**
     * {@code generate_state(n_words, dtype=np.uint64)}: twice as many 32-bit words, paired little-endian
     * (word {@code 2k} is the low half of 64-bit word {@code k}).
     *
     * @param nWords how many 64-bit words
     * @return the words (unsigned values held in longs)
     */
    public long[] generateState64(int nWords) {
        int[] words32 = generateState32(2 * nWords);
        long[] out = new long[nWords];
        for (int k = 0; k < nWords; k++) {
            out[k] = (words32[2 * k] & 0xFFFFFFFFL) | ((long) words32[2 * k + 1] << 32);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SeedSequence(entropy=" + entropy + ", pool=" + Arrays.toString(
                Arrays.stream(pool).mapToLong(w -> w & 0xFFFFFFFFL).toArray()) + ")";
    }
}
