package io.sessionmoniker.activation.orpc.automation;

import java.util.List;

/**
 * One dimension of a SAFEARRAY, MS-OAUT 2.2.30.1 {@code SAFEARRAYBOUND}: its element count and lower bound.
 * A SAFEARRAY lists its bounds in reverse order of the C declaration (MS-OAUT 2.2.30.10); the array variants
 * of {@link Variant} keep them in wire order.
 *
 * <pre>{@code
 * SafeArrayBound.vector(3);     // [SafeArrayBound[elements=3, lowerBound=0]]
 * }</pre>
 *
 * @param elements the number of elements in the dimension, as an unsigned 32-bit value
 * @param lowerBound the first index
 */
public record SafeArrayBound(int elements, int lowerBound) {

    /**
     * Returns the bounds of a one-dimensional array indexed from 0.
     *
     * @param length the number of elements
     * @return a one-element list
     */
    public static List<SafeArrayBound> vector(int length) {
        return List.of(new SafeArrayBound(length, 0));
    }

    /**
     * Returns the total number of elements the bounds describe.
     *
     * @param bounds the bounds
     * @return the product of the element counts, or -1 if it exceeds {@link Integer#MAX_VALUE}
     */
    public static long count(List<SafeArrayBound> bounds) {
        long n = 1;
        for (SafeArrayBound b : bounds) {
            n *= b.elements() & 0xFFFFFFFFL;
            if (n > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return n;
    }
}
