package io.sessionmoniker.activation.orpc.objref;

/**
 * MS-DCOM 2.2.11 {@code COMVERSION}: the DCOM protocol version, two 16-bit numbers. This runtime speaks 5.7.
 *
 * <pre>{@code
 * ComVersion.V5_7.minor();                                   // 7
 * new ComVersion(5, 2).compareTo(ComVersion.V5_7) < 0;       // j-Interop's 5.2 is older
 * }</pre>
 *
 * @param major the major version
 * @param minor the minor version
 */
public record ComVersion(int major, int minor) implements Comparable<ComVersion> {

    /** Version 5.7, which this runtime reports. */
    public static final ComVersion V5_7 = new ComVersion(5, 7);

    /**
     * Checks the numbers.
     *
     * @param major the major version
     * @param minor the minor version
     */
    public ComVersion {
        if ((major & ~0xFFFF) != 0 || (minor & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("COMVERSION numbers are 16-bit: " + major + "." + minor);
        }
    }

    @Override
    public int compareTo(ComVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
