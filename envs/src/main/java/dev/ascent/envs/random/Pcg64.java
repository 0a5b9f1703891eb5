package dev.ascent.envs.random;

import java.math.BigInteger;

/**
 * A port of NumPy's {@code PCG64} bit generator ({@code numpy/random/src/pcg64/pcg64.h}, {@code pcg64.c},
 * {@code _pcg64.pyx}): a 128-bit linear congruential generator with the XSL-RR output function giving 64 bits
 * per step. Seeded from a {@link SeedSequence} exactly as {@code np.random.PCG64(seed_seq)} is, so the stream of
 * numbers is bit-identical to NumPy's.
 *
 * <p>The 128-bit state and increment are held as two {@code long}s each (high, low); multiplication modulo
 * 2<sup>128</sup> is done with a 64x64 unsigned high product. Not thread-safe: one instance per consumer.
 */
public final class Pcg64 {

    /** {@code PCG_DEFAULT_MULTIPLIER_HIGH/LOW} in pcg64.h: 0x2360ED051FC65DA44385DF649FCCF645. */
    private static final long MULT_HIGH = 0x2360ED051FC65DA4L;
    private static final long MULT_LOW = 0x4385DF649FCCF645L;

    private long stateHigh;
    private long stateLow;
    private long incHigh;
    private long incLow;
    /** {@code has_uint32}/{@code uinteger}: the unused upper half of the last 64-bit draw for next_uint32. */
    private boolean hasUint32;
    private int uinteger;

    private Pcg64() {
    }

    /**
     * Seeds as {@code PCG64(seed_seq)} does: four 64-bit words from {@code generate_state(4, np.uint64)} are
     * {@code initstate = (w0 << 64) | w1} and {@code initseq = (w2 << 64) | w3}, passed to
     * {@code pcg_setseq_128_srandom_r}.
     *
     * @param seedSequence the seed sequence
     * @return the generator
     */
    public static Pcg64 fromSeedSequence(SeedSequence seedSequence) {
        long[] words = seedSequence.generateState64(4);
        Pcg64 pcg = new Pcg64();
        pcg.srandom(words[0], words[1], words[2], words[3]);
        return pcg;
    }

    /**
     * Equivalent to {@code np.random.PCG64(seed)} for a non-negative integer seed.
     *
     * @param seed the seed
     * @return the generator
     */
    public static Pcg64 fromSeed(long seed) {
        return fromSeedSequence(new SeedSequence(seed));
    }

    /**
     * Restores a generator from an exact state (as NumPy's {@code bit_generator.state} dict reports it).
     *
     * @param state the 128-bit state
     * @param inc the 128-bit increment (must be odd)
     * @return the generator
     */
    public static Pcg64 fromState(BigInteger state, BigInteger inc) {
        if (!inc.testBit(0)) {
            throw new IllegalArgumentException("PCG64 increment must be odd, got " + inc);
        }
        Pcg64 pcg = new Pcg64();
        pcg.stateHigh = state.shiftRight(64).longValue();
        pcg.stateLow = state.longValue();
        pcg.incHigh = inc.shiftRight(64).longValue();
        pcg.incLow = inc.longValue();
        return pcg;
    }

    /** {@code pcg_setseq_128_srandom_r}: state = 0, inc = (initseq << 1) | 1, step, state += initstate, step. */
    private void srandom(long initStateHigh, long initStateLow, long initSeqHigh, long initSeqLow) {
        stateHigh = 0;
        stateLow = 0;
        incHigh = (initSeqHigh << 1) | (initSeqLow >>> 63);
        incLow = (initSeqLow << 1) | 1L;
        step();
        long low = stateLow + initStateLow;
        long carry = Long.compareUnsigned(low, stateLow) < 0 ? 1 : 0;
        stateHigh = stateHigh + initStateHigh + carry;
        stateLow = low;
        step();
        hasUint32 = false;
        uinteger = 0;
    }

    /** {@code pcg_setseq_128_step_r}: state = state * MULT + inc (mod 2^128). */
    private void step() {
        long productLow = stateLow * MULT_LOW;
        long productHigh = unsignedMultiplyHigh(stateLow, MULT_LOW) + stateLow * MULT_HIGH + stateHigh * MULT_LOW;
        long low = productLow + incLow;
        long carry = Long.compareUnsigned(low, productLow) < 0 ? 1 : 0;
        stateHigh = productHigh + incHigh + carry;
        stateLow = low;
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh arrived only in Java 18). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * {@code pcg64_next64}: advance, then XSL-RR output {@code rotr64(high ^ low, high >>> 58)}.
     *
     * @return 64 random bits (NumPy's unsigned value, as a Java long)
     */
    public long nextUint64() {
        step();
        return Long.rotateRight(stateHigh ^ stateLow, (int) (stateHigh >>> 58));
    }

    /**
     * {@code pcg64_next32}: the low half of a fresh 64-bit draw, keeping the high half for the next call.
     *
     * @return 32 random bits (NumPy's unsigned value, as a Java int)
     */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextUint64();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /**
     * {@code pcg64_double}: 53 random bits scaled to [0, 1), {@code (next_uint64 >> 11) * 2^-53}.
     *
     * @return a double in [0, 1)
     */
    public double nextDouble() {
        return (nextUint64() >>> 11) * 0x1.0p-53;
    }

    /** The 128-bit state as NumPy's {@code bit_generator.state['state']['state']} shows it. */
    public BigInteger state() {
        return toUnsigned128(stateHigh, stateLow);
    }

    /** The 128-bit increment as NumPy's {@code bit_generator.state['state']['inc']} shows it. */
    public BigInteger increment() {
        return toUnsigned128(incHigh, incLow);
    }

    /** A copy with the same state, producing the same future stream. */
    public Pcg64 copy() {
        Pcg64 c = new Pcg64();
        c.stateHigh = stateHigh;
        c.stateLow = stateLow;
        c.incHigh = incHigh;
        c.incLow = incLow;
        c.hasUint32 = hasUint32;
        c.uinteger = uinteger;
        return c;
    }

    private static BigInteger toUnsigned128(long high, long low) {
        byte[] bytes = new byte[17]; // leading zero byte keeps the value non-negative
        for (int i = 0; i < 8; i++) {
            bytes[1 + i] = (byte) (high >>> (56 - 8 * i));
            bytes[9 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return new BigInteger(bytes);
    }
}
