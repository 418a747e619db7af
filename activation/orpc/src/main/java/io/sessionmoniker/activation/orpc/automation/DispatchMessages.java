package io.sessionmoniker.activation.orpc.automation;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.OrpcThat;
import io.sessionmoniker.activation.orpc.objref.OrpcThis;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The stub data of {@code IDispatch::GetIDsOfNames} (opnum 5, MS-OAUT 3.1.4.3) and {@code IDispatch::Invoke}
 * (opnum 6, 3.1.4.4), after {@link OrpcThis} / before the final HRESULT, plus the constants they use.
 *
 * <pre>{@code
 * var invoke = new DispatchMessages.InvokeRequest(OrpcThis.of(cid), dispId, Iids.IID_NULL,
 *         DispatchMessages.LOCALE_SYSTEM_DEFAULT, DispatchMessages.DISPATCH_METHOD,
 *         DispParams.ofPositional(List.of(Variant.of(42))), List.of(), List.of());
 * int kind = invoke.flags() & DispatchMessages.DISPATCH_KIND_MASK;   // ignore the DISPATCH_zero* bits
 * }</pre>
 */
public final class DispatchMessages {

    /** IDispatch::GetTypeInfoCount. */
    public static final int OPNUM_GET_TYPE_INFO_COUNT = 3;
    /** IDispatch::GetTypeInfo. */
    public static final int OPNUM_GET_TYPE_INFO = 4;
    /** IDispatch::GetIDsOfNames. */
    public static final int OPNUM_GET_IDS_OF_NAMES = 5;
    /** IDispatch::Invoke. */
    public static final int OPNUM_INVOKE = 6;

    /** Invoke a method. */
    public static final int DISPATCH_METHOD = 0x1;
    /** Get a property. */
    public static final int DISPATCH_PROPERTYGET = 0x2;
    /** Put a property. */
    public static final int DISPATCH_PROPERTYPUT = 0x4;
    /** Put a property by reference. */
    public static final int DISPATCH_PROPERTYPUTREF = 0x8;
    /** The bits that name the member kind; j-Interop sets all {@code DISPATCH_zero*} bits on every call. */
    public static final int DISPATCH_KIND_MASK = 0xF;
    /** The client does not want pVarResult. */
    public static final int DISPATCH_ZERO_VAR_RESULT = 0x20000;
    /** The client does not want pExcepInfo. */
    public static final int DISPATCH_ZERO_EXCEP_INFO = 0x40000;
    /** The client does not want pArgErr. */
    public static final int DISPATCH_ZERO_ARG_ERR = 0x80000;

    /** The DISPID of the value assigned by a property put. */
    public static final int DISPID_PROPERTYPUT = -3;
    /** The DISPID of an unknown name. */
    public static final int DISPID_UNKNOWN = -1;

    /** LOCALE_SYSTEM_DEFAULT, what j-Interop sends. */
    public static final int LOCALE_SYSTEM_DEFAULT = 0x800;
    /** LOCALE_USER_DEFAULT. */
    public static final int LOCALE_USER_DEFAULT = 0x400;

    /** The most names GetIDsOfNames accepts (MS-OAUT {@code range(0,16384)}). */
    public static final int MAX_NAMES = 16384;

    private DispatchMessages() {
    }

    /**
     * GetIDsOfNames request: {@code ORPCTHIS, REFIID riid, [size_is(cNames)] LPOLESTR* rgszNames, UINT cNames,
     * LCID lcid}; each name a unique pointer to a NUL-terminated conformant varying {@code wchar_t} string.
     *
     * @param orpcThis the header
     * @param riid IID_NULL
     * @param names the member name, then argument names; at most {@link #MAX_NAMES}
     * @param lcid the locale
     */
    public record GetIdsOfNamesRequest(OrpcThis orpcThis, Guid riid, List<String> names, int lcid) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param riid the IID
         * @param names the names
         * @param lcid the locale
         */
        public GetIdsOfNamesRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            Objects.requireNonNull(riid, "riid");
            names = List.copyOf(names);
            if (names.size() > MAX_NAMES) {
                throw new IllegalArgumentException("at most " + MAX_NAMES + " names");
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            w.writeGuid(riid).writeConformance(names.size());
            w.beginEmbedded();
            for (String name : names) {
                w.writeUnique(name, (ww, s) -> ww.writeWideString(s, true));
            }
            w.endEmbedded();
            w.writeInt(names.size()).writeInt(lcid);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed: a NULL name, counts that disagree, too many names
         */
        public static GetIdsOfNamesRequest decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            Guid riid = r.readGuid();
            int at = r.position();
            int n = r.readConformance(4, "rgszNames");
            if (n > MAX_NAMES) {
                throw r.malformedAt("rgszNames.max_count", at, n + " names, at most " + MAX_NAMES);
            }
            List<NdrReader.Deferred<String>> holders = new ArrayList<>(n);
            r.beginEmbedded();
            for (int i = 0; i < n; i++) {
                holders.add(r.readUnique(r1 -> r1.readWideString(true, "rgszNames[]")));
            }
            r.endEmbedded();
            int countAt = r.position();
            int cNames = r.readInt("cNames");
            if (cNames != n) {
                throw r.malformedAt("cNames", countAt, "cNames " + (cNames & 0xFFFFFFFFL) + " but rgszNames has " + n);
            }
            List<String> names = new ArrayList<>(n);
            for (NdrReader.Deferred<String> h : holders) {
                if (h.get() == null) {
                    throw r.malformedAt("rgszNames", at, "a NULL name");
                }
                names.add(h.get());
            }
            return new GetIdsOfNamesRequest(orpcThis, riid, names, r.readInt("lcid"));
        }
    }

    /**
     * GetIDsOfNames response: {@code ORPCTHAT, [size_is(cNames)] DISPID* rgDispId, HRESULT}.
     *
     * @param orpcThat the header
     * @param dispIds one per name; {@link #DISPID_UNKNOWN} for names not found
     * @param hresult the result, for example {@link HResult#DISP_E_UNKNOWNNAME}
     */
    public record GetIdsOfNamesResponse(OrpcThat orpcThat, List<Integer> dispIds, int hresult) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThat the header
         * @param dispIds the DISPIDs
         * @param hresult the result
         */
        public GetIdsOfNamesResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
            dispIds = List.copyOf(dispIds);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            w.writeConformance(dispIds.size());
            for (int id : dispIds) {
                w.writeInt(id);
            }
            w.writeInt(hresult);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static GetIdsOfNamesResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            int[] ids = r.readConformantInts("rgDispId");
            List<Integer> list = new ArrayList<>(ids.length);
            for (int id : ids) {
                list.add(id);
            }
            return new GetIdsOfNamesResponse(orpcThat, list, r.readInt("HRESULT"));
        }
    }

    /**
     * Invoke request: {@code ORPCTHIS, DISPID dispIdMember, REFIID riid, LCID lcid, DWORD dwFlags,
     * DISPPARAMS* pDispParams, UINT cVarRef, [size_is(cVarRef)] UINT* rgVarRefIdx,
     * [size_is(cVarRef)] VARIANT* rgVarRef}. By-reference arguments appear as VT_EMPTY in the DISPPARAMS
     * and travel in {@code varRefs}, with their positions in {@code varRefIndexes} (MS-OAUT 3.1.4.4).
     *
     * @param orpcThis the header
     * @param dispId the member
     * @param riid IID_NULL
     * @param lcid the locale
     * @param flags {@link #DISPATCH_METHOD} and friends, possibly with {@code DISPATCH_zero*} bits
     * @param params the arguments
     * @param varRefIndexes indices into {@code params.arguments()} of the by-reference arguments
     * @param varRefs the by-reference arguments' values, as many as {@code varRefIndexes}
     */
    public record InvokeRequest(OrpcThis orpcThis, int dispId, Guid riid, int lcid, int flags, DispParams params,
            List<Integer> varRefIndexes, List<Variant> varRefs) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param dispId the member
         * @param riid the IID
         * @param lcid the locale
         * @param flags the flags
         * @param params the arguments
         * @param varRefIndexes the by-reference indices
         * @param varRefs the by-reference values
         */
        public InvokeRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            Objects.requireNonNull(riid, "riid");
            Objects.requireNonNull(params, "params");
            varRefIndexes = List.copyOf(varRefIndexes);
            varRefs = List.copyOf(varRefs);
            if (varRefIndexes.size() != varRefs.size()) {
                throw new IllegalArgumentException(varRefIndexes.size() + " indices for " + varRefs.size()
                        + " by-reference values");
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            w.writeInt(dispId).writeGuid(riid).writeInt(lcid).writeInt(flags);
            params.encode(w);
            w.writeInt(varRefs.size()).writeConformance(varRefIndexes.size());
            for (int i : varRefIndexes) {
                w.writeInt(i);
            }
            DispParams.writeVariants(w, varRefs);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static InvokeRequest decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            int dispId = r.readInt("dispIdMember");
            Guid riid = r.readGuid();
            int lcid = r.readInt("lcid");
            int flags = r.readInt("dwFlags");
            DispParams params = DispParams.decode(r);
            int countAt = r.position();
            int cVarRef = r.readInt("cVarRef");
            int[] indexes = r.readConformantInts("rgVarRefIdx");
            int refsAt = r.position();
            List<Variant> refs = DispParams.readVariants(r);
            if (indexes.length != cVarRef || refs.size() != cVarRef) {
                throw r.malformedAt("cVarRef", countAt, "cVarRef " + (cVarRef & 0xFFFFFFFFL) + " with "
                        + indexes.length + " indices and " + refs.size() + " values (rgVarRef at offset " + refsAt + ")");
            }
            List<Integer> indexList = new ArrayList<>(indexes.length);
            for (int i : indexes) {
                indexList.add(i);
            }
            return new InvokeRequest(orpcThis, dispId, riid, lcid, flags, params, indexList, refs);
        }
    }

    /**
     * Invoke response: {@code ORPCTHAT, VARIANT* pVarResult, EXCEPINFO* pExcepInfo, UINT* pArgErr,
     * [size_is(cVarRef)] VARIANT* rgVarRef, HRESULT}.
     *
     * @param orpcThat the header
     * @param result the result, VT_EMPTY for none
     * @param excepInfo the exception, {@link ExcepInfo#NONE} unless {@code hresult} is DISP_E_EXCEPTION
     * @param argErr the index of the offending argument for DISP_E_TYPEMISMATCH and DISP_E_PARAMNOTFOUND
     * @param varRefs the by-reference arguments' new values, as many as the request sent
     * @param hresult the result
     */
    public record InvokeResponse(OrpcThat orpcThat, Variant result, ExcepInfo excepInfo, int argErr,
            List<Variant> varRefs, int hresult) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThat the header
         * @param result the result
         * @param excepInfo the exception
         * @param argErr the argument index
         * @param varRefs the by-reference values
         * @param hresult the result
         */
        public InvokeResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(excepInfo, "excepInfo");
            varRefs = List.copyOf(varRefs);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            result.encode(w);
            excepInfo.encode(w);
            w.writeInt(argErr);
            DispParams.writeVariants(w, varRefs);
            w.writeInt(hresult);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static InvokeResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            Variant result = Variant.decode(r);
            ExcepInfo info = ExcepInfo.decode(r);
            int argErr = r.readInt("pArgErr");
            List<Variant> refs = DispParams.readVariants(r);
            return new InvokeResponse(orpcThat, result, info, argErr, refs, r.readInt("HRESULT"));
        }
    }
}
