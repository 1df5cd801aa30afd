package io.suanli.demo;

/** Splits a whole number by weights so that the parts add up exactly (largest remainder). */
final class Apportion {

    private Apportion() {}

    /**
     * Parts of {@code total} in proportion to {@code weights}, each at least {@code minimum};
     * ties go to the earlier index, so the split is deterministic.
     */
    static int[] largestRemainder(int total, int[] weights, int minimum) {
        int n = weights.length;
        int[] parts = new int[n];
        int rest = total - minimum * n;
        if (rest < 0) {
            throw new IllegalArgumentException("cannot give " + n + " parts at least " + minimum + " of " + total);
        }
        long weightSum = 0;
        for (int w : weights) {
            weightSum += w;
        }
        long[] remainders = new long[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            long share = (long) rest * weights[i];
            parts[i] = minimum + (int) (share / weightSum);
            remainders[i] = share % weightSum;
            given += parts[i] - minimum;
        }
        for (int left = rest - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = -1;
        }
        return parts;
    }
}
