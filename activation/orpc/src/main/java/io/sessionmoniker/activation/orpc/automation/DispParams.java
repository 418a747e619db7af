package io.sessionmoniker.activation.orpc.automation;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.orpc.automation.internal.VariantCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * MS-OAUT 2.2.33 {@code DISPPARAMS}, the arguments of {@code IDispatch::Invoke}:
 * {@code { [size_is(cArgs)] VARIANT* rgvarg; [size_is(cNamedArgs)] DISPID* rgdispidNamedArgs; UINT cArgs;
 * UINT cNamedArgs; }}. The arrays follow the structure; each VARIANT's structure follows the array of VARIANT
 * pointers. Empty arrays are sent as NULL pointers.
 *
 * <p>{@link #arguments()} are in wire order, which MS-OAUT 3.1.4.4 defines as reversed: the last argument of
 * the call comes first. {@link #ofPositional(List)} builds the reversed list from arguments in call order.
 *
 * <pre>{@code
 * DispParams p = DispParams.ofPositional(List.of(Variant.of(1), Variant.of("two")));
 * p.arguments();      // [Bstr[two], I4[1]]
 * }</pre>
 *
 * @param arguments the arguments in wire (reversed) order
 * @param namedArgDispIds the DISPIDs of the named arguments, which are the first {@code size()} entries of
 *     {@code arguments}; at most as many as there are arguments
 */
public record DispParams(List<Variant> arguments, List<Integer> namedArgDispIds) {

    /** No arguments. */
    public static final DispParams NONE = new DispParams(List.of(), List.of());

    /**
     * Checks and copies the components.
     *
     * @param arguments the arguments
     * @param namedArgDispIds the named argument DISPIDs
     */
    public DispParams {
        arguments = List.copyOf(arguments);
        namedArgDispIds = List.copyOf(namedArgDispIds);
        if (namedArgDispIds.size() > arguments.size()) {
            throw new IllegalArgumentException("more named arguments than arguments");
        }
    }

    /**
     * Returns parameters for positional arguments given in call order.
     *
     * @param argumentsInCallOrder the arguments, first argument first
     * @return the parameters, reversed for the wire
     */
    public static DispParams ofPositional(List<Variant> argumentsInCallOrder) {
        List<Variant> reversed = new ArrayList<>(argumentsInCallOrder);
        java.util.Collections.reverse(reversed);
        return new DispParams(reversed, List.of());
    }

    /**
     * Writes the structure (a top-level {@code DISPPARAMS*} parameter) and its arrays.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.beginEmbedded();
        w.writeUnique(arguments.isEmpty() ? null : arguments, (ww, list) -> {
            ww.writeConformance(list.size());
            ww.beginEmbedded();
            for (Variant v : list) {
                VariantCodec.writeEmbeddedVariant(ww, v);
            }
            ww.endEmbedded();
        });
        w.writeUnique(namedArgDispIds.isEmpty() ? null : namedArgDispIds, (ww, list) -> {
            ww.writeConformance(list.size());
            for (int id : list) {
                ww.writeInt(id);
            }
        });
        w.writeInt(arguments.size()).writeInt(namedArgDispIds.size());
        w.endEmbedded();
    }

    /**
     * Reads the structure and its arrays, checking the array sizes against {@code cArgs} and
     * {@code cNamedArgs}.
     *
     * @param r the reader
     * @return the parameters
     * @throws WireFormatException if malformed
     */
    public static DispParams decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        NdrReader.Deferred<List<Variant>> args = r.readUnique(DispParams::readVariants);
        NdrReader.Deferred<List<Integer>> named = r.readUnique(r1 -> {
            int[] ids = r1.readConformantInts("rgdispidNamedArgs");
            List<Integer> out = new ArrayList<>(ids.length);
            for (int id : ids) {
                out.add(id);
            }
            return out;
        });
        int countAt = r.position();
        int cArgs = r.readInt("DISPPARAMS.cArgs");
        int cNamed = r.readInt("DISPPARAMS.cNamedArgs");
        r.endEmbedded();
        List<Variant> arguments = args.get() == null ? List.of() : args.get();
        List<Integer> ids = named.get() == null ? List.of() : named.get();
        if (arguments.size() != cArgs) {
            throw r.malformedAt("DISPPARAMS.cArgs", countAt, "cArgs " + (cArgs & 0xFFFFFFFFL) + " but rgvarg has "
                    + arguments.size() + " elements");
        }
        if (ids.size() != cNamed || cNamed > cArgs) {
            throw r.malformedAt("DISPPARAMS.cNamedArgs", countAt + 4, "cNamedArgs " + (cNamed & 0xFFFFFFFFL)
                    + " but rgdispidNamedArgs has " + ids.size() + " elements and cArgs is " + cArgs);
        }
        return new DispParams(arguments, ids);
    }

    /**
     * Reads a conformant array of VARIANT pointers and their structures.
     *
     * @param r the reader
     * @return the VARIANTs; a NULL element pointer reads as VT_EMPTY
     * @throws WireFormatException if malformed
     */
    static List<Variant> readVariants(NdrReader r) throws WireFormatException {
        int n = r.readConformance(4, "VARIANT array");
        List<NdrReader.Deferred<Variant>> holders = new ArrayList<>(n);
        r.beginEmbedded();
        for (int i = 0; i < n; i++) {
            holders.add(VariantCodec.readEmbeddedVariant(r));
        }
        r.endEmbedded();
        List<Variant> out = new ArrayList<>(n);
        for (NdrReader.Deferred<Variant> h : holders) {
            out.add(h.get() == null ? Variant.EMPTY : h.get());
        }
        return out;
    }

    /**
     * Writes a conformant array of VARIANT pointers and their structures.
     *
     * @param w the writer
     * @param values the VARIANTs
     */
    static void writeVariants(NdrWriter w, List<Variant> values) {
        w.writeConformance(values.size());
        w.beginEmbedded();
        for (Variant v : values) {
            VariantCodec.writeEmbeddedVariant(w, v);
        }
        w.endEmbedded();
    }
}
