package io.github.simdnn.training.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSplitsTest {

    /** The sample numbers (feature 0 / 100) of a data set built by {@link DatasetTest#numbered}. */
    private static int[] ids(Dataset d) {
        int[] ids = new int[d.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) (d.feature(i, 0) / 100);
        }
        return ids;
    }

    @Test
    void randomSplitIsDisjointCompleteAndSized() {
        Dataset all = DatasetTest.numbered(101, 2, 3);
        DataSplits s = DataSplits.random(all, 0.2, 0.1, 42);
        assertEquals(10, s.test().size());
        assertEquals(20, s.validation().size());
        assertEquals(71, s.train().size());
        Set<Integer> seen = new HashSet<>();
        for (Dataset part : new Dataset[]{s.train(), s.validation(), s.test()}) {
            for (int i = 0; i < part.size(); i++) {
                int id = (int) (part.feature(i, 0) / 100);
                assertTrue(seen.add(id), "sample " + id + " appears twice");
                assertEquals(id % 3, part.label(i), "label travels with its sample");
            }
        }
        assertEquals(101, seen.size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset all = DatasetTest.numbered(50, 1, 2);
        DataSplits a = DataSplits.random(all, 0.3, 0.2, 7);
        DataSplits b = DataSplits.random(all, 0.3, 0.2, 7);
        DataSplits c = DataSplits.random(all, 0.3, 0.2, 8);
        assertEquals(java.util.Arrays.toString(ids(a.train())), java.util.Arrays.toString(ids(b.train())));
        assertEquals(java.util.Arrays.toString(ids(a.test())), java.util.Arrays.toString(ids(b.test())));
        assertNotEquals(java.util.Arrays.toString(ids(a.train())), java.util.Arrays.toString(ids(c.train())));
    }

    @Test
    void randomTestIsTheTestSetOfRandomAlone() {
        Dataset all = DatasetTest.numbered(101, 2, 3);
        for (long seed : new long[] {1, 42, -7}) {
            for (double[] f : new double[][] {{0.2, 0.1}, {0, 0.3}, {0.5, 0}, {0.15, 0.15}}) {
                Dataset test = DataSplits.randomTest(all, f[0], f[1], seed);
                Dataset expected = DataSplits.random(all, f[0], f[1], seed).test();
                assertEquals(java.util.Arrays.toString(ids(expected)), java.util.Arrays.toString(ids(test)),
                        "seed " + seed + ", fractions " + f[0] + ", " + f[1]);
                for (int i = 0; i < test.size(); i++) {
                    assertEquals(expected.label(i), test.label(i));
                    assertEquals(expected.feature(i, 1), test.feature(i, 1));
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplits.randomTest(all, 0.6, 0.4, 1));
        assertTrue(e.getMessage().contains("leave no training samples"), e.getMessage());
    }

    @Test
    void shuffleIsAPermutationAndFixedBySeed() {
        int[] p = Shuffle.permutation(1000, 3);
        int[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(java.util.Arrays.toString(Shuffle.identity(1000)), java.util.Arrays.toString(sorted));
        assertEquals(java.util.Arrays.toString(p), java.util.Arrays.toString(Shuffle.permutation(1000, 3)));
        int fixedPoints = 0;
        for (int i = 0; i < p.length; i++) {
            fixedPoints += p[i] == i ? 1 : 0;
        }
        assertTrue(fixedPoints < 20, "a shuffle of 1000 keeps about 1 element in place, not " + fixedPoints);
    }

    @Test
    void withTestKeepsGivenTestSet() {
        Dataset pool = DatasetTest.numbered(40, 2, 4);
        Dataset test = DatasetTest.numbered(7, 2, 4);
        DataSplits s = DataSplits.withTest(pool, test, 0.25, 1);
        assertSame(test, s.test());
        assertEquals(10, s.validation().size());
        assertEquals(30, s.train().size());
        Set<Integer> ids = new HashSet<>();
        for (int id : ids(s.train())) {
            ids.add(id);
        }
        for (int id : ids(s.validation())) {
            assertTrue(ids.add(id));
        }
        assertEquals(40, ids.size());
    }

    @Test
    void rejectsBadFractionsAndMismatchedSets() {
        Dataset d = DatasetTest.numbered(10, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplits.random(d, 0.6, 0.4, 1));
        assertTrue(e.getMessage().contains("leave no training samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataSplits.random(d, -0.1, 0, 1));
        assertTrue(e.getMessage().contains("validationFraction must be in [0, 1) but was -0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataSplits.random(d, 0, Double.NaN, 1));
        assertTrue(e.getMessage().contains("testFraction must be in [0, 1) but was NaN"), e.getMessage());
        Dataset other = DatasetTest.numbered(3, 3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> DataSplits.withTest(d, other, 0.1, 1));
        assertTrue(e.getMessage().contains("test set has 3 features but the training set has 2"), e.getMessage());
    }

    @Test
    void loadedDataUsesItsOwnTestSetOnlyWhenPresent() {
        Dataset pool = DatasetTest.numbered(20, 1, 2);
        Dataset test = DatasetTest.numbered(5, 1, 2);
        DataSplits withOwn = new LoadedData(pool, java.util.Optional.of(test)).split(0.1, 0.5, 3);
        assertSame(test, withOwn.test());
        assertEquals(18, withOwn.train().size());
        DataSplits carved = new LoadedData(pool, java.util.Optional.empty()).split(0.1, 0.5, 3);
        assertEquals(10, carved.test().size());
        assertEquals(8, carved.train().size());
    }
}
