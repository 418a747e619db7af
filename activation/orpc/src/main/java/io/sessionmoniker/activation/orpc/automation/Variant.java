package io.sessionmoniker.activation.orpc.automation;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.runtime.Dispatch;
import io.sessionmoniker.activation.orpc.automation.internal.VariantCodec;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An OLE Automation VARIANT (MS-OAUT 2.2.29) as a Java value: one record per supported VARTYPE. The upper
 * layers map Java values to and from these ({@link #of(Object)} and {@link #toJava()} give the default
 * mapping); {@link #encode(NdrWriter)} and {@link #decode(NdrReader)} handle the wire form.
 *
 * <p>Supported: VT_EMPTY, VT_NULL, VT_I2, VT_I4, VT_I8, VT_R4, VT_R8, VT_BOOL, VT_BSTR, VT_DATE, VT_UNKNOWN,
 * VT_DISPATCH, and one-or-more-dimensional SAFEARRAYs of VT_UI1, VT_I4, VT_BSTR and VT_VARIANT. Anything
 * else (VT_BYREF, VT_CY, VT_DECIMAL, VT_RECORD, other arrays, …) is refused by the decoder as
 * {@link WireFailure.Kind#UNSUPPORTED}, naming the VARTYPE.
 *
 * <pre>{@code
 * Variant v = Variant.of("hello");            // Variant.Bstr[value=hello], vt() == VT_BSTR
 * NdrWriter w = new NdrWriter();
 * v.encode(w);                                // a VARIANT parameter: unique pointer + wireVARIANTStr
 * Variant back = Variant.decode(NdrReader.of(w.toBytes()));
 * back.toJava();                              // "hello"
 * }</pre>
 */
public sealed interface Variant permits Variant.Empty, Variant.Null, Variant.I2, Variant.I4, Variant.I8,
        Variant.R4, Variant.R8, Variant.Bool, Variant.Bstr, Variant.Date, Variant.Unknown, Variant.Dispatch,
        Variant.UI1Array, Variant.I4Array, Variant.BstrArray, Variant.VariantArray {

    /** VT_EMPTY: no value. */
    int VT_EMPTY = 0x0000;
    /** VT_NULL: SQL-style null. */
    int VT_NULL = 0x0001;
    /** VT_I2: 16-bit signed. */
    int VT_I2 = 0x0002;
    /** VT_I4: 32-bit signed. */
    int VT_I4 = 0x0003;
    /** VT_R4: IEEE single. */
    int VT_R4 = 0x0004;
    /** VT_R8: IEEE double. */
    int VT_R8 = 0x0005;
    /** VT_CY: currency (not supported). */
    int VT_CY = 0x0006;
    /** VT_DATE: OLE Automation date. */
    int VT_DATE = 0x0007;
    /** VT_BSTR: length-prefixed UTF-16 string. */
    int VT_BSTR = 0x0008;
    /** VT_DISPATCH: IDispatch pointer. */
    int VT_DISPATCH = 0x0009;
    /** VT_ERROR: SCODE (not supported). */
    int VT_ERROR = 0x000A;
    /** VT_BOOL: VARIANT_BOOL. */
    int VT_BOOL = 0x000B;
    /** VT_VARIANT: only as an array element type here. */
    int VT_VARIANT = 0x000C;
    /** VT_UNKNOWN: IUnknown pointer. */
    int VT_UNKNOWN = 0x000D;
    /** VT_UI1: unsigned octet, only as an array element type here. */
    int VT_UI1 = 0x0011;
    /** VT_I8: 64-bit signed. */
    int VT_I8 = 0x0014;
    /** VT_ARRAY: flag for a SAFEARRAY of the type in the low 12 bits. */
    int VT_ARRAY = 0x2000;
    /** VT_BYREF: flag for a reference (not supported). */
    int VT_BYREF = 0x4000;

    /** The shared VT_EMPTY value. */
    Empty EMPTY = new Empty();
    /** The shared VT_NULL value. */
    Null NULL = new Null();

    /**
     * Returns the VARTYPE.
     *
     * @return for example {@link #VT_I4}, or {@code VT_ARRAY | VT_BSTR}
     */
    int vt();

    /**
     * Returns the value as a plain Java object (the inverse of {@link #of(Object)}).
     *
     * @return null for VT_EMPTY and VT_NULL; a boxed primitive, String, {@link InterfacePointer},
     *     {@code byte[]}, {@code int[]}, {@code String[]} or {@code Object[]} (of such objects) otherwise
     */
    Object toJava();

    /**
     * Writes the VARIANT as a parameter ({@code VARIANT} or {@code VARIANT*}): a {@code [unique]} pointer
     * to {@code wireVARIANTStr} with its {@code clSize} computed, then the referents of its arm.
     *
     * @param w the writer
     */
    default void encode(NdrWriter w) {
        VariantCodec.writeVariant(w, this);
    }

    /**
     * Reads a VARIANT parameter. A NULL pointer reads as {@link #EMPTY}. {@code clSize} is not checked.
     *
     * @param r the reader, outside any embedding scope
     * @return the value
     * @throws WireFormatException if malformed, or of an unsupported VARTYPE
     */
    static Variant decode(NdrReader r) throws WireFormatException {
        return VariantCodec.readVariant(r);
    }

    /**
     * Maps a Java value: null → VT_EMPTY; Short → I2; Integer → I4; Long → I8; Float → R4; Double → R8;
     * Boolean → BOOL; String (or CharSequence) → BSTR; {@link LocalDateTime} → DATE; {@link InterfacePointer}
     * → DISPATCH; {@code byte[]} or {@link Bytes} → UI1 array; {@code int[]} → I4 array; {@code String[]} →
     * BSTR array; {@code Object[]} or {@link List} → VARIANT array (elements mapped recursively); a
     * {@link Variant} is returned as it is.
     *
     * @param value the value
     * @return the VARIANT
     * @throws IllegalArgumentException for any other type
     */
    static Variant of(Object value) {
        if (value == null) {
            return EMPTY;
        } else if (value instanceof Variant v) {
            return v;
        } else if (value instanceof Short s) {
            return new I2(s);
        } else if (value instanceof Integer i) {
            return new I4(i);
        } else if (value instanceof Long l) {
            return new I8(l);
        } else if (value instanceof Float f) {
            return new R4(f);
        } else if (value instanceof Double d) {
            return new R8(d);
        } else if (value instanceof Boolean b) {
            return new Bool(b);
        } else if (value instanceof CharSequence s) {
            return new Bstr(s.toString());
        } else if (value instanceof LocalDateTime t) {
            return Date.of(t);
        } else if (value instanceof InterfacePointer p) {
            return new Dispatch(p);
        } else if (value instanceof byte[] b) {
            return new UI1Array(Bytes.copyOf(b), SafeArrayBound.vector(b.length));
        } else if (value instanceof Bytes b) {
            return new UI1Array(b, SafeArrayBound.vector(b.length()));
        } else if (value instanceof int[] a) {
            return new I4Array(a, SafeArrayBound.vector(a.length));
        } else if (value instanceof String[] a) {
            return new BstrArray(Arrays.asList(a), SafeArrayBound.vector(a.length));
        } else if (value instanceof Object[] a) {
            return of(Arrays.asList(a));
        } else if (value instanceof List<?> list) {
            List<Variant> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(of(o));
            }
            return new VariantArray(out, SafeArrayBound.vector(out.size()));
        }
        throw new IllegalArgumentException("no VARIANT mapping for " + value.getClass().getName());
    }

    /** VT_EMPTY. */
    record Empty() implements Variant {
        @Override
        public int vt() {
            return VT_EMPTY;
        }

        @Override
        public Object toJava() {
            return null;
        }
    }

    /** VT_NULL. */
    record Null() implements Variant {
        @Override
        public int vt() {
            return VT_NULL;
        }

        @Override
        public Object toJava() {
            return null;
        }
    }

    /**
     * VT_I2.
     *
     * @param value the value
     */
    record I2(short value) implements Variant {
        @Override
        public int vt() {
            return VT_I2;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_I4.
     *
     * @param value the value
     */
    record I4(int value) implements Variant {
        @Override
        public int vt() {
            return VT_I4;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_I8.
     *
     * @param value the value
     */
    record I8(long value) implements Variant {
        @Override
        public int vt() {
            return VT_I8;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_R4. Equality is by bit pattern, so NaN equals itself.
     *
     * @param value the value
     */
    record R4(float value) implements Variant {
        @Override
        public int vt() {
            return VT_R4;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_R8. Equality is by bit pattern, so NaN equals itself.
     *
     * @param value the value
     */
    record R8(double value) implements Variant {
        @Override
        public int vt() {
            return VT_R8;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_BOOL, a VARIANT_BOOL: -1 on the wire for true, 0 for false; any non-zero value reads as true.
     *
     * @param value the value
     */
    record Bool(boolean value) implements Variant {
        @Override
        public int vt() {
            return VT_BOOL;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_BSTR.
     *
     * @param value the string, or null for a NULL BSTR (sent as {@code cBytes} 0xFFFFFFFF, MS-OAUT 2.2.23.2)
     */
    record Bstr(String value) implements Variant {
        @Override
        public int vt() {
            return VT_BSTR;
        }

        @Override
        public Object toJava() {
            return value;
        }
    }

    /**
     * VT_DATE: an OLE Automation date, days since 1899-12-30 00:00 with the time of day as the fraction;
     * for negative values the fraction still counts forward from midnight (-1.25 is 1899-12-29 06:00).
     *
     * @param value the raw double
     */
    record Date(double value) implements Variant {
        private static final LocalDateTime EPOCH = LocalDateTime.of(1899, 12, 30, 0, 0);
        private static final double MILLIS_PER_DAY = 86_400_000.0;

        /**
         * Converts a date and time, to the millisecond.
         *
         * @param t the date and time
         * @return the VARIANT
         */
        public static Date of(LocalDateTime t) {
            long days = ChronoUnit.DAYS.between(EPOCH.toLocalDate(), t.toLocalDate());
            double fraction = t.toLocalTime().toNanoOfDay() / 1_000_000 / MILLIS_PER_DAY;
            return new Date(days >= 0 ? days + fraction : days - fraction);
        }

        /**
         * Converts to a date and time, rounded to the millisecond.
         *
         * @return the date and time
         */
        public LocalDateTime toLocalDateTime() {
            double whole = value < 0 ? Math.ceil(value) : Math.floor(value);
            long millis = Math.round(Math.abs(value - whole) * MILLIS_PER_DAY);
            LocalDate day = EPOCH.toLocalDate().plusDays((long) whole);
            return day.atStartOfDay().plus(Duration.ofMillis(millis));
        }

        @Override
        public int vt() {
            return VT_DATE;
        }

        @Override
        public Object toJava() {
            return toLocalDateTime();
        }
    }

    /**
     * VT_UNKNOWN: an IUnknown pointer, marshaled as a unique pointer to {@link InterfacePointer}.
     *
     * @param pointer the interface pointer, or null
     */
    record Unknown(InterfacePointer pointer) implements Variant {
        @Override
        public int vt() {
            return VT_UNKNOWN;
        }

        @Override
        public Object toJava() {
            return pointer;
        }
    }

    /**
     * VT_DISPATCH: an IDispatch pointer, marshaled as a unique pointer to {@link InterfacePointer}.
     *
     * @param pointer the interface pointer, or null
     */
    record Dispatch(InterfacePointer pointer) implements Variant {
        @Override
        public int vt() {
            return VT_DISPATCH;
        }

        @Override
        public Object toJava() {
            return pointer;
        }
    }

    /**
     * VT_ARRAY | VT_UI1: a SAFEARRAY of octets.
     *
     * @param data the elements, in memory order
     * @param bounds the bounds in wire order; their element counts multiply to {@code data.length()}
     */
    record UI1Array(Bytes data, List<SafeArrayBound> bounds) implements Variant {
        /**
         * Checks the components.
         *
         * @param data the elements
         * @param bounds the bounds
         */
        public UI1Array {
            Objects.requireNonNull(data, "data");
            bounds = checkBounds(bounds, data.length());
        }

        @Override
        public int vt() {
            return VT_ARRAY | VT_UI1;
        }

        @Override
        public Object toJava() {
            return data.toArray();
        }
    }

    /**
     * VT_ARRAY | VT_I4: a SAFEARRAY of 32-bit integers. The array is copied in and out.
     *
     * @param values the elements, in memory order
     * @param bounds the bounds in wire order; their element counts multiply to {@code values.length}
     */
    record I4Array(int[] values, List<SafeArrayBound> bounds) implements Variant {
        /**
         * Checks and copies the components.
         *
         * @param values the elements
         * @param bounds the bounds
         */
        public I4Array {
            values = values.clone();
            bounds = checkBounds(bounds, values.length);
        }

        /**
         * Returns a copy of the elements.
         *
         * @return the elements, in memory order
         */
        @Override
        public int[] values() {
            return values.clone();
        }

        @Override
        public int vt() {
            return VT_ARRAY | VT_I4;
        }

        @Override
        public Object toJava() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof I4Array other && Arrays.equals(values, other.values) && bounds.equals(other.bounds);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(values) + bounds.hashCode();
        }

        @Override
        public String toString() {
            return "I4Array[values=" + Arrays.toString(values) + ", bounds=" + bounds + "]";
        }
    }

    /**
     * VT_ARRAY | VT_BSTR: a SAFEARRAY of BSTRs.
     *
     * @param values the elements, in memory order; null elements are NULL BSTRs
     * @param bounds the bounds in wire order; their element counts multiply to {@code values.size()}
     */
    record BstrArray(List<String> values, List<SafeArrayBound> bounds) implements Variant {
        /**
         * Checks and copies the components.
         *
         * @param values the elements
         * @param bounds the bounds
         */
        public BstrArray {
            values = Collections.unmodifiableList(new ArrayList<>(values));
            bounds = checkBounds(bounds, values.size());
        }

        @Override
        public int vt() {
            return VT_ARRAY | VT_BSTR;
        }

        @Override
        public Object toJava() {
            return values.toArray(new String[0]);
        }
    }

    /**
     * VT_ARRAY | VT_VARIANT: a SAFEARRAY of VARIANTs.
     *
     * @param values the elements, in memory order
     * @param bounds the bounds in wire order; their element counts multiply to {@code values.size()}
     */
    record VariantArray(List<Variant> values, List<SafeArrayBound> bounds) implements Variant {
        /**
         * Checks and copies the components.
         *
         * @param values the elements
         * @param bounds the bounds
         */
        public VariantArray {
            values = List.copyOf(values);
            bounds = checkBounds(bounds, values.size());
        }

        @Override
        public int vt() {
            return VT_ARRAY | VT_VARIANT;
        }

        @Override
        public Object toJava() {
            Object[] out = new Object[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i).toJava();
            }
            return out;
        }
    }

    private static List<SafeArrayBound> checkBounds(List<SafeArrayBound> bounds, int count) {
        List<SafeArrayBound> copy = List.copyOf(bounds);
        if (copy.isEmpty() || copy.size() > 0xFFFF) {
            throw new IllegalArgumentException("a SAFEARRAY has 1 to 65535 dimensions, not " + copy.size());
        }
        if (SafeArrayBound.count(copy) != count) {
            throw new IllegalArgumentException("bounds " + copy + " do not describe " + count + " elements");
        }
        return copy;
    }
}
