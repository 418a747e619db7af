package io.sessionmoniker.activation.host;

/**
 * Limits that guard {@link RegFileReader} against absurd input; exceeding one is a
 * {@link RegFileFormatException} that names the limit.
 *
 * <p>The fixed limits of Windows apply as well and are not configurable: a key name is at most 255 characters, a
 * value name at most 16,383, a key at most 512 levels below its root.
 *
 * <pre>{@code
 * RegFileReader reader = RegFileReader.withLimits(new RegFileLimits(1 << 20, 64 * 1024));
 * RegFileLimits.DEFAULT.maxFileBytes();   // 67108864
 * }</pre>
 *
 * @param maxFileBytes the largest file read, in bytes (encoded, byte order mark included); at least 1
 * @param maxValueBytes the largest value's data, in bytes, after decoding; at least 1
 */
public record RegFileLimits(long maxFileBytes, int maxValueBytes) {

    /**
     * The defaults: files up to 64 MiB, values up to 1 MiB (the value size limit of Windows' standard registry
     * format).
     */
    public static final RegFileLimits DEFAULT = new RegFileLimits(64L << 20, 1 << 20);

    /**
     * Checks the limits.
     *
     * @param maxFileBytes the largest file read, in bytes
     * @param maxValueBytes the largest value's data, in bytes
     */
    public RegFileLimits {
        if (maxFileBytes < 1 || maxValueBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: maxFileBytes=" + maxFileBytes
                    + ", maxValueBytes=" + maxValueBytes);
        }
        if (maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxFileBytes is at most " + (Integer.MAX_VALUE - 8));
        }
    }
}
