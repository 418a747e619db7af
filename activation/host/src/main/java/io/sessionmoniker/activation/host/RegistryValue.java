package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.RegNames;
import io.sessionmoniker.activation.host.internal.RegTextWriter;
import io.sessionmoniker.activation.host.internal.Utf16;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A named registry value: a name, a type number and the raw bytes, as Windows stores it.
 *
 * <p>Immutable. Every value keeps its exact bytes, whatever its type, so that a hive written to a {@code .reg}
 * file and read back is equal to itself; the typed accessors ({@link #asString()}, {@link #asDword()}, …) read
 * those bytes the way the registry API does. The name {@code ""} is the key's default value ({@code @} in a
 * {@code .reg} file). {@link #toString()} is the value's line in a {@code .reg} file, unwrapped.
 *
 * <pre>{@code
 * RegistryValue runAs = RegistryValue.string("RunAs", "Interactive User");
 * runAs.type();          // 1 (REG_SZ)
 * runAs.asString();      // Optional["Interactive User"]
 * runAs.toString();      // "RunAs"="Interactive User"
 * RegistryValue.dword("AppIDFlags", 0x20).toString();  // "AppIDFlags"=dword:00000020
 * }</pre>
 *
 * <p>Equality compares the name exactly (spelling included), the type and the bytes.
 */
public final class RegistryValue {

    /** {@code REG_NONE}: no defined type ({@code hex(0):}). */
    public static final int REG_NONE = 0;
    /** {@code REG_SZ}: a NUL-terminated UTF-16LE string ({@code "..."} or {@code hex(1):}). */
    public static final int REG_SZ = 1;
    /** {@code REG_EXPAND_SZ}: a string with {@code %VAR%} references ({@code hex(2):}). */
    public static final int REG_EXPAND_SZ = 2;
    /** {@code REG_BINARY}: bytes ({@code hex:}). */
    public static final int REG_BINARY = 3;
    /** {@code REG_DWORD}: a little-endian 32-bit number ({@code dword:}). */
    public static final int REG_DWORD = 4;
    /** {@code REG_DWORD_BIG_ENDIAN} ({@code hex(5):}). */
    public static final int REG_DWORD_BIG_ENDIAN = 5;
    /** {@code REG_LINK}: a symbolic link target ({@code hex(6):}). */
    public static final int REG_LINK = 6;
    /** {@code REG_MULTI_SZ}: NUL-terminated strings, then an empty one ({@code hex(7):}). */
    public static final int REG_MULTI_SZ = 7;
    /** {@code REG_RESOURCE_LIST} ({@code hex(8):}). */
    public static final int REG_RESOURCE_LIST = 8;
    /** {@code REG_FULL_RESOURCE_DESCRIPTOR} ({@code hex(9):}). */
    public static final int REG_FULL_RESOURCE_DESCRIPTOR = 9;
    /** {@code REG_RESOURCE_REQUIREMENTS_LIST} ({@code hex(a):}). */
    public static final int REG_RESOURCE_REQUIREMENTS_LIST = 10;
    /** {@code REG_QWORD}: a little-endian 64-bit number ({@code hex(b):}). */
    public static final int REG_QWORD = 11;

    private static final String[] TYPE_NAMES = {
        "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_LINK",
        "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST",
        "REG_QWORD"
    };

    private final String name;
    private final int type;
    private final byte[] data;

    private RegistryValue(String name, int type, byte[] data) {
        String problem = RegNames.valueNameProblem(Objects.requireNonNull(name, "name"));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.name = name;
        this.type = type;
        this.data = data;
    }

    /**
     * Returns a value of any type with the given bytes, as {@code hex(N):} in a {@code .reg} file makes one.
     *
     * @param name the value name; {@code ""} for the default value
     * @param type the type number, any 32-bit value (unsigned)
     * @param data the bytes, copied
     * @return the value
     * @throws IllegalArgumentException if the name contains NUL, a carriage return or a line feed, or is longer
     *     than 16,383 characters
     */
    public static RegistryValue of(String name, int type, byte[] data) {
        return new RegistryValue(name, type, data.clone());
    }

    /**
     * Returns a {@code REG_SZ} value: the string's UTF-16LE code units and a NUL terminator.
     *
     * @param name the value name
     * @param value the string
     * @return the value
     */
    public static RegistryValue string(String name, String value) {
        return new RegistryValue(name, REG_SZ, Utf16.encode(value, 1));
    }

    /**
     * Returns a {@code REG_EXPAND_SZ} value.
     *
     * @param name the value name
     * @param value the string, with {@code %VAR%} references left unexpanded
     * @return the value
     */
    public static RegistryValue expandString(String name, String value) {
        return new RegistryValue(name, REG_EXPAND_SZ, Utf16.encode(value, 1));
    }

    /**
     * Returns a {@code REG_MULTI_SZ} value: each string and its NUL, then one more NUL.
     *
     * @param name the value name
     * @param values the strings; none may be empty or contain NUL (either would end the list early)
     * @return the value
     */
    public static RegistryValue multiString(String name, List<String> values) {
        StringBuilder all = new StringBuilder();
        for (String v : values) {
            if (v.isEmpty() || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a REG_MULTI_SZ string cannot be empty or contain NUL");
            }
            all.append(v).append('\0');
        }
        return new RegistryValue(name, REG_MULTI_SZ, Utf16.encode(all.toString(), 1));
    }

    /**
     * Returns a {@code REG_DWORD} value.
     *
     * @param name the value name
     * @param value the number, stored little-endian
     * @return the value
     */
    public static RegistryValue dword(String name, int value) {
        return new RegistryValue(name, REG_DWORD,
                new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /**
     * Returns a {@code REG_QWORD} value.
     *
     * @param name the value name
     * @param value the number, stored little-endian
     * @return the value
     */
    public static RegistryValue qword(String name, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return new RegistryValue(name, REG_QWORD, b);
    }

    /**
     * Returns a {@code REG_BINARY} value.
     *
     * @param name the value name
     * @param data the bytes, copied
     * @return the value
     */
    public static RegistryValue binary(String name, byte[] data) {
        return new RegistryValue(name, REG_BINARY, data.clone());
    }

    /**
     * Returns the same data under another name.
     *
     * @param newName the name
     * @return the renamed value
     */
    public RegistryValue withName(String newName) {
        return newName.equals(name) ? this : new RegistryValue(newName, type, data);
    }

    /**
     * Returns the name.
     *
     * @return the name as spelled; {@code ""} for the default value
     */
    public String name() {
        return name;
    }

    /**
     * Tells whether this is the key's default value.
     *
     * @return {@code true} when the name is empty
     */
    public boolean isDefault() {
        return name.isEmpty();
    }

    /**
     * Returns the type number.
     *
     * @return one of the {@code REG_*} constants, or any other number a {@code hex(N):} gave
     */
    public int type() {
        return type;
    }

    /**
     * Returns the type's Windows name.
     *
     * @return for example {@code "REG_EXPAND_SZ"}; for numbers Windows does not define, {@code "0x"} and eight
     *     uppercase hexadecimal digits
     */
    public String typeName() {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : String.format(Locale.ROOT, "0x%08X", type);
    }

    /**
     * Returns the bytes.
     *
     * @return a copy of the data
     */
    public byte[] data() {
        return data.clone();
    }

    /**
     * Returns the number of bytes.
     *
     * @return the data's length
     */
    public int size() {
        return data.length;
    }

    /**
     * Reads a string value: for {@code REG_SZ}, {@code REG_EXPAND_SZ} and {@code REG_LINK}, the UTF-16LE code
     * units up to the first NUL (or all of them, a trailing odd byte ignored).
     *
     * @return the string, or empty for other types
     */
    public Optional<String> asString() {
        if (type == REG_SZ || type == REG_EXPAND_SZ || type == REG_LINK) {
            return Optional.of(Utf16.decodeString(data));
        }
        return Optional.empty();
    }

    /**
     * Reads a {@code REG_MULTI_SZ} value: its strings up to the first empty one.
     *
     * @return the strings, or empty for other types
     */
    public Optional<List<String>> asMultiString() {
        return type == REG_MULTI_SZ ? Optional.of(List.copyOf(Utf16.decodeMulti(data))) : Optional.empty();
    }

    /**
     * Reads a 32-bit number: {@code REG_DWORD} (little-endian) or {@code REG_DWORD_BIG_ENDIAN}, exactly 4 bytes.
     *
     * @return the number, or empty for other types and sizes
     */
    public OptionalInt asDword() {
        if (data.length != 4 || (type != REG_DWORD && type != REG_DWORD_BIG_ENDIAN)) {
            return OptionalInt.empty();
        }
        int le = (data[0] & 0xFF) | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16 | (data[3] & 0xFF) << 24;
        return OptionalInt.of(type == REG_DWORD ? le : Integer.reverseBytes(le));
    }

    /**
     * Reads a {@code REG_QWORD} value of exactly 8 bytes.
     *
     * @return the number, or empty for other types and sizes
     */
    public OptionalLong asQword() {
        if (data.length != 8 || type != REG_QWORD) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (data[i] & 0xFF);
        }
        return OptionalLong.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryValue v && type == v.type && name.equals(v.name) && Arrays.equals(data, v.data);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(data);
    }

    /**
     * Returns the value's line as a {@code .reg} file writes it, without line wrapping.
     *
     * @return for example {@code "RunAs"="Interactive User"} or {@code @=hex(2):25,00,00,00}
     */
    @Override
    public String toString() {
        return RegTextWriter.valueLine(this, false);
    }
}
