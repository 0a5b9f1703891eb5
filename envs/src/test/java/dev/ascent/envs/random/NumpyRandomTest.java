package dev.ascent.envs.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The SeedSequence / PCG64 / Generator port against values printed by NumPy ({@code np.random.SeedSequence},
 * {@code np.random.PCG64(...).state}, {@code default_rng(s).random()/uniform()/integers()}).
 */
class NumpyRandomTest {

    private static long[] u32(long... values) {
        return values;
    }

    private static void assertWords(long[] expected, int[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i] & 0xFFFFFFFFL, "word " + i);
        }
    }

    @Test
    void seedSequencePoolAndGeneratedStateMatchNumpy() {
        // np.random.SeedSequence(s).pool and .generate_state(4, np.uint32)
        assertWords(u32(4265667335L, 1328953910L, 1320288413L, 3365567143L), new SeedSequence(0).pool());
        assertWords(u32(2968811710L, 3677149159L, 745650761L, 2884920346L), new SeedSequence(0).generateState32(4));
        assertWords(u32(2704793989L, 232979121L, 2500767352L, 1423772289L), new SeedSequence(1).pool());
        assertWords(u32(1662858758L, 128880814L, 1875164712L, 753753205L), new SeedSequence(42).pool());
        assertWords(u32(3444837047L, 2669555309L, 2046530742L, 3581440988L), new SeedSequence(42).generateState32(4));
        // 2^32 needs two entropy words, 2^63-1 as well.
        assertWords(u32(3774083058L, 3704433742L, 401706016L, 2609690843L), new SeedSequence(4294967296L).pool());
        assertWords(u32(165799107L, 3255976851L, 767751886L, 611363236L), new SeedSequence(Long.MAX_VALUE).pool());
        // Entropy beyond the 4-word pool is mixed in afterwards.
        BigInteger big = BigInteger.TWO.pow(100).add(BigInteger.valueOf(12345));
        assertWords(u32(3666500323L, 3091721259L, 4232998548L, 2791972998L), new SeedSequence(big).pool());
        assertWords(u32(2760923294L, 36018847L, 1565185723L, 538849509L), new SeedSequence(big).generateState32(4));
    }

    @Test
    void generateState64PairsWordsLittleEndian() {
        int[] w = new SeedSequence(1000).generateState32(8);
        long[] q = new SeedSequence(1000).generateState64(4);
        for (int k = 0; k < 4; k++) {
            assertEquals((w[2 * k] & 0xFFFFFFFFL) | ((long) w[2 * k + 1] << 32), q[k]);
        }
        // np.random.SeedSequence(1000).generate_state(4, np.uint64)[0]
        assertEquals(Long.parseUnsignedLong("18002537191484623697"), q[0]);
    }

    @Test
    void pcg64StateAfterSeedingMatchesNumpy() {
        // np.random.PCG64(np.random.SeedSequence(s)).state['state']
        assertState(0, "1aa1b5345996452d09585eb7a69561e3", "418ddadb3af71a82588133bc447873a9");
        assertState(1, "9c5b484bfedb756c2a6e7d6f320fbc7e", "922af2da2645f895a19857b95740937b");
        assertState(42, "cea44f6798798f2aacbc7c9d68860ac8", "fa505436c9a8416e66caf2e28d25abff");
        assertState(12345678901234L, "ed861711a243c08d8951e920e343e555", "445d32e567784aefb036198ea68fb1fb");
        assertEquals(new BigInteger("160298080023750866990043981581432466665"), Pcg64.fromSeed(1000).state());
        assertEquals(new BigInteger("119065948144835586474643535142778641169"), Pcg64.fromSeed(1000).increment());
    }

    private static void assertState(long seed, String state, String inc) {
        Pcg64 p = Pcg64.fromSeed(seed);
        assertEquals(new BigInteger(state, 16), p.state(), "state for seed " + seed);
        assertEquals(new BigInteger(inc, 16), p.increment(), "inc for seed " + seed);
    }

    @Test
    void rawOutputsAndDoublesMatchNumpy() {
        Pcg64 p = Pcg64.fromSeed(42);
        // default_rng(42).bit_generator.random_raw() x3
        assertEquals(0xc621fbcd16d92688L, p.nextUint64());
        assertEquals(0x705a5661a791ffc1L, p.nextUint64());
        assertEquals(0xdbcd12c26eda1624L, p.nextUint64());
        assertEquals(Long.parseUnsignedLong("12466887728733407976"), Pcg64.fromSeed(2024).nextUint64());
        assertEquals(0x30859d6359d87dc0L,
                Pcg64.fromSeedSequence(new SeedSequence(BigInteger.TWO.pow(100).add(BigInteger.valueOf(12345)))).nextUint64());
        NumpyRandom r = NumpyRandom.seeded(42);
        assertEquals(0.7739560485559633, r.random(), 0.0);
        assertEquals(0.4388784397520523, r.random(), 0.0);
        assertEquals(0.8585979199113825, r.random(), 0.0);
        NumpyRandom u = NumpyRandom.seeded(99);
        assertEquals(1.9398297513952407, u.uniform(-3.5, 7.25), 0.0);
        assertEquals(2.5747350416832493, u.uniform(-3.5, 7.25), 0.0);
        assertEquals(2.003096566689557, u.uniform(-3.5, 7.25), 0.0);
    }

    @Test
    void integersMatchNumpyIncludingTheBuffered32BitPath() {
        NumpyRandom r = NumpyRandom.seeded(7);
        // default_rng(7): integers(2) x20 would be 1 1 1 1 1 1 1 0 0 0 0 1 1 0 0 1 0 1 0 0; here the mixed sequence:
        long[] expected3 = {2, 1, 2, 2, 1, 2, 2, 0, 0, 0};
        for (long e : expected3) {
            assertEquals(e, r.integers(3));
        }
        long[] expectedMillion = {285067, 873553, 912623, 5265, 499786};
        for (long e : expectedMillion) {
            assertEquals(e, r.integers(1000000));
        }
        long[] expected2pow40 = {876387105057L, 514499921694L, 333187676881L}; // 64-bit Lemire
        for (long e : expected2pow40) {
            assertEquals(e, r.integers(1L << 40));
        }
        assertEquals(0, r.integers(1));
        assertEquals(0, r.integers(1));
        long[] expected5 = {4, 1, 1};
        for (long e : expected5) {
            assertEquals(e, r.integers(5));
        }
        NumpyRandom full = NumpyRandom.seeded(123);
        long[] expectedFull32 = {66316748, 2930678936L, 2546691362L}; // integers(0, 2**32 - 1): rng = 2^32 - 2
        for (long e : expectedFull32) {
            assertEquals(e, full.integers(0, 4294967295L));
        }
        NumpyRandom five = NumpyRandom.seeded(5);
        assertEquals(805002923745380L, five.integers(0, 1000000000000000L));
        assertEquals(807940789736493L, five.integers(0, 1000000000000000L));
        assertEquals(515325561042142L, five.integers(0, 1000000000000000L));
        long[] signed = {13, -22, 47, -45};
        for (long e : signed) {
            assertEquals(e, five.integers(-50, 50));
        }
    }

    @Test
    void nextUint32UsesBothHalvesOfADraw() {
        Pcg64 a = Pcg64.fromSeed(3);
        Pcg64 b = Pcg64.fromSeed(3);
        long full = a.nextUint64();
        assertEquals((int) full, b.nextUint32());
        assertEquals((int) (full >>> 32), b.nextUint32());
        assertEquals(a.nextUint64(), b.nextUint64());
    }

    @Test
    void negativeSeedsAreRejectedAndEntropySeedsDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpyRandom.seeded(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SeedSequence(-5));
        NumpyRandom x = NumpyRandom.fromEntropy();
        NumpyRandom y = NumpyRandom.fromEntropy();
        assertNotEquals(x.seed(), y.seed());
        assertTrue(x.seed() >= 0);
        assertEquals(NumpyRandom.seeded(x.seed()).random(), NumpyRandom.seeded(x.seed()).random(), 0.0);
    }

    @Test
    void copyContinuesTheSameStream() {
        Pcg64 p = Pcg64.fromSeed(11);
        p.nextUint32();
        Pcg64 c = p.copy();
        assertArrayEquals(new long[] {p.nextUint32(), p.nextUint64()}, new long[] {c.nextUint32(), c.nextUint64()});
    }

    @Test
    void standardNormalHasTheRightMoments() {
        NumpyRandom r = NumpyRandom.seeded(1);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double z = r.standardNormal();
            sum += z;
            sumSq += z * z;
        }
        assertEquals(0.0, sum / n, 0.01);
        assertEquals(1.0, sumSq / n, 0.01);
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += r.standardExponential();
        }
        assertEquals(1.0, e / n, 0.01);
    }
}
