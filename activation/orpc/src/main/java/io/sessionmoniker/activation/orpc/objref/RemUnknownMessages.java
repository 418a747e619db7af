package io.sessionmoniker.activation.orpc.objref;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The stub data of {@code IRemUnknown} (MS-DCOM 3.1.1.5.6: RemQueryInterface opnum 3, RemAddRef 4,
 * RemRelease 5) and {@code IRemUnknown2} (3.1.1.5.7: RemQueryInterface2 opnum 6). Each request starts with
 * {@link OrpcThis} and each response with {@link OrpcThat} and ends with the HRESULT. Every record has
 * {@code encode(NdrWriter)} and a static {@code decode(NdrReader)}.
 *
 * <pre>{@code
 * var req = new RemUnknownMessages.RemQueryInterfaceRequest(OrpcThis.of(cid), ipid, 5, List.of(Iids.IDISPATCH));
 * NdrWriter w = new NdrWriter();
 * req.encode(w);
 * Pdu.Request call = Pdu.Request.of(callId, ctx, RemUnknownMessages.OPNUM_REM_QUERY_INTERFACE,
 *         ipidRemUnknown.guid(), w.toBytes());
 * }</pre>
 */
public final class RemUnknownMessages {

    /** IRemUnknown::RemQueryInterface. */
    public static final int OPNUM_REM_QUERY_INTERFACE = 3;
    /** IRemUnknown::RemAddRef. */
    public static final int OPNUM_REM_ADD_REF = 4;
    /** IRemUnknown::RemRelease. */
    public static final int OPNUM_REM_RELEASE = 5;
    /** IRemUnknown2::RemQueryInterface2. */
    public static final int OPNUM_REM_QUERY_INTERFACE2 = 6;

    private RemUnknownMessages() {
    }

    /**
     * MS-DCOM 2.2.23 {@code REMINTERFACEREF}: references to add or release on one IPID.
     *
     * @param ipid the interface
     * @param publicRefs public references
     * @param privateRefs private references
     */
    public record RemInterfaceRef(Ipid ipid, int publicRefs, int privateRefs) {
        /**
         * Checks the IPID.
         *
         * @param ipid the interface
         * @param publicRefs public references
         * @param privateRefs private references
         */
        public RemInterfaceRef {
            Objects.requireNonNull(ipid, "ipid");
        }
    }

    /**
     * MS-DCOM 2.2.22 {@code REMQIRESULT}: one RemQueryInterface outcome; {@code std} is ignored unless
     * {@code hresult} is 0. Its NDR form is aligned to 8 and 48 bytes long.
     *
     * @param hresult 0 or a failure such as E_NOINTERFACE
     * @param std the new reference
     */
    public record RemQiResult(int hresult, StdObjRef std) {
        /**
         * Checks the reference.
         *
         * @param hresult the outcome
         * @param std the reference
         */
        public RemQiResult {
            Objects.requireNonNull(std, "std");
        }
    }

    /**
     * RemQueryInterface request: {@code ORPCTHIS, REFIPID ripid, cRefs, unsigned short cIids,
     * [size_is(cIids)] IID* iids}.
     *
     * @param orpcThis the header
     * @param ipid the interface queried
     * @param refs public references requested on each new interface
     * @param iids the interfaces wanted, at most 65535
     */
    public record RemQueryInterfaceRequest(OrpcThis orpcThis, Ipid ipid, int refs, List<Guid> iids) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param ipid the interface
         * @param refs the references
         * @param iids the interfaces
         */
        public RemQueryInterfaceRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            Objects.requireNonNull(ipid, "ipid");
            iids = shortList(iids);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            ipid.encode(w);
            w.writeInt(refs).writeShort(iids.size()).writeConformance(iids.size());
            for (Guid iid : iids) {
                w.writeGuid(iid);
            }
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemQueryInterfaceRequest decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            Ipid ipid = Ipid.decode(r);
            int refs = r.readInt("cRefs");
            int count = r.readUnsignedShort();
            return new RemQueryInterfaceRequest(orpcThis, ipid, refs, readGuids(r, count, "iids"));
        }
    }

    /**
     * RemQueryInterface response: {@code ORPCTHAT, [size_is(,cIids)] PREMQIRESULT* ppQIResults, HRESULT}:
     * a unique pointer to a conformant array of {@code REMQIRESULT}.
     *
     * @param orpcThat the header
     * @param results one per IID asked for; empty is sent as a NULL pointer (a failed call)
     * @param hresult the call's result
     */
    public record RemQueryInterfaceResponse(OrpcThat orpcThat, List<RemQiResult> results, int hresult) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThat the header
         * @param results the results
         * @param hresult the result
         */
        public RemQueryInterfaceResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
            results = List.copyOf(results);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            w.writeUnique(results.isEmpty() ? null : results, (ww, list) -> {
                ww.writeConformance(list.size());
                for (RemQiResult q : list) {
                    ww.align(8).writeInt(q.hresult());
                    q.std().encode(ww);
                }
            });
            w.writeInt(hresult);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemQueryInterfaceResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            List<RemQiResult> results = r.readUniqueNow(r1 -> {
                int n = r1.readConformance(48, "ppQIResults");
                List<RemQiResult> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    r1.align(8);
                    int hr = r1.readInt("REMQIRESULT.hResult");
                    list.add(new RemQiResult(hr, StdObjRef.decode(r1)));
                }
                return list;
            });
            return new RemQueryInterfaceResponse(orpcThat, results == null ? List.of() : results,
                    r.readInt("HRESULT"));
        }
    }

    /**
     * RemAddRef request: {@code ORPCTHIS, unsigned short cInterfaceRefs,
     * [size_is(cInterfaceRefs)] REMINTERFACEREF InterfaceRefs[]}.
     *
     * @param orpcThis the header
     * @param refs the references to add, at most 65535
     */
    public record RemAddRefRequest(OrpcThis orpcThis, List<RemInterfaceRef> refs) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param refs the references
         */
        public RemAddRefRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            refs = shortList(refs);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            writeRefs(w, refs);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemAddRefRequest decode(NdrReader r) throws WireFormatException {
            return new RemAddRefRequest(OrpcThis.decode(r), readRefs(r));
        }
    }

    /**
     * RemAddRef response: {@code ORPCTHAT, [size_is(cInterfaceRefs)] HRESULT* pResults, HRESULT}.
     *
     * @param orpcThat the header
     * @param results one HRESULT per reference
     * @param hresult the call's result
     */
    public record RemAddRefResponse(OrpcThat orpcThat, List<Integer> results, int hresult) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThat the header
         * @param results the results
         * @param hresult the result
         */
        public RemAddRefResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
            results = List.copyOf(results);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            writeInts(w, results);
            w.writeInt(hresult);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemAddRefResponse decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            List<Integer> results = readInts(r, "pResults");
            return new RemAddRefResponse(orpcThat, results, r.readInt("HRESULT"));
        }
    }

    /**
     * RemRelease request: same layout as {@link RemAddRefRequest}.
     *
     * @param orpcThis the header
     * @param refs the references to release, at most 65535
     */
    public record RemReleaseRequest(OrpcThis orpcThis, List<RemInterfaceRef> refs) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param refs the references
         */
        public RemReleaseRequest {
            Objects.requireNonNull(orpcThis, "orpcThis");
            refs = shortList(refs);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            writeRefs(w, refs);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemReleaseRequest decode(NdrReader r) throws WireFormatException {
            return new RemReleaseRequest(OrpcThis.decode(r), readRefs(r));
        }
    }

    /**
     * RemRelease response: {@code ORPCTHAT, HRESULT}.
     *
     * @param orpcThat the header
     * @param hresult the call's result
     */
    public record RemReleaseResponse(OrpcThat orpcThat, int hresult) {
        /**
         * Checks the header.
         *
         * @param orpcThat the header
         * @param hresult the result
         */
        public RemReleaseResponse {
            Objects.requireNonNull(orpcThat, "orpcThat");
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            w.writeInt(hresult);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemReleaseResponse decode(NdrReader r) throws WireFormatException {
            return new RemReleaseResponse(OrpcThat.decode(r), r.readInt("HRESULT"));
        }
    }

    /**
     * RemQueryInterface2 request: {@code ORPCTHIS, REFIPID ripid, unsigned short cIids,
     * [size_is(cIids)] IID* iids}.
     *
     * @param orpcThis the header
     * @param ipid the interface queried
     * @param iids the interfaces wanted, at most 65535
     */
    public record RemQueryInterface2Request(OrpcThis orpcThis, Ipid ipid, List<Guid> iids) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThis the header
         * @param ipid the interface
         * @param iids the interfaces
         */
        public RemQueryInterface2Request {
            Objects.requireNonNull(orpcThis, "orpcThis");
            Objects.requireNonNull(ipid, "ipid");
            iids = shortList(iids);
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThis.encode(w);
            ipid.encode(w);
            w.writeShort(iids.size()).writeConformance(iids.size());
            for (Guid iid : iids) {
                w.writeGuid(iid);
            }
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the request
         * @throws WireFormatException if malformed
         */
        public static RemQueryInterface2Request decode(NdrReader r) throws WireFormatException {
            OrpcThis orpcThis = OrpcThis.decode(r);
            Ipid ipid = Ipid.decode(r);
            int count = r.readUnsignedShort();
            return new RemQueryInterface2Request(orpcThis, ipid, readGuids(r, count, "iids"));
        }
    }

    /**
     * RemQueryInterface2 response: {@code ORPCTHAT, [size_is(cIids)] HRESULT* phr,
     * [size_is(cIids)] PMInterfacePointerInternal* ppMIF, HRESULT}.
     *
     * @param orpcThat the header
     * @param hresults one per IID
     * @param interfaces one per IID, null where the query failed
     * @param hresult the call's result
     */
    public record RemQueryInterface2Response(OrpcThat orpcThat, List<Integer> hresults,
            List<InterfacePointer> interfaces, int hresult) {
        /**
         * Checks and copies the components.
         *
         * @param orpcThat the header
         * @param hresults the results
         * @param interfaces the pointers
         * @param hresult the result
         */
        public RemQueryInterface2Response {
            Objects.requireNonNull(orpcThat, "orpcThat");
            hresults = List.copyOf(hresults);
            interfaces = Collections.unmodifiableList(new ArrayList<>(interfaces));
            if (hresults.size() != interfaces.size()) {
                throw new IllegalArgumentException(hresults.size() + " HRESULTs for " + interfaces.size()
                        + " interface pointers");
            }
        }

        /**
         * Writes the stub.
         *
         * @param w the writer
         */
        public void encode(NdrWriter w) {
            orpcThat.encode(w);
            writeInts(w, hresults);
            w.writeConformance(interfaces.size());
            w.beginEmbedded();
            for (InterfacePointer ip : interfaces) {
                InterfacePointer.encodePointer(w, ip);
            }
            w.endEmbedded();
            w.writeInt(hresult);
        }

        /**
         * Reads the stub.
         *
         * @param r the reader
         * @return the response
         * @throws WireFormatException if malformed
         */
        public static RemQueryInterface2Response decode(NdrReader r) throws WireFormatException {
            OrpcThat orpcThat = OrpcThat.decode(r);
            List<Integer> hresults = readInts(r, "phr");
            int at = r.position();
            int n = r.readConformance(4, "ppMIF");
            if (n != hresults.size()) {
                throw r.malformedAt("ppMIF.max_count", at, n + " interface pointers for " + hresults.size()
                        + " HRESULTs");
            }
            List<NdrReader.Deferred<InterfacePointer>> holders = new ArrayList<>(n);
            r.beginEmbedded();
            for (int i = 0; i < n; i++) {
                holders.add(r.readUnique(InterfacePointer::decode));
            }
            r.endEmbedded();
            List<InterfacePointer> interfaces = new ArrayList<>(n);
            for (NdrReader.Deferred<InterfacePointer> h : holders) {
                interfaces.add(h.get());
            }
            return new RemQueryInterface2Response(orpcThat, hresults, interfaces, r.readInt("HRESULT"));
        }
    }

    private static <T> List<T> shortList(List<T> list) {
        List<T> copy = List.copyOf(list);
        if (copy.size() > 0xFFFF) {
            throw new IllegalArgumentException("at most 65535 elements, not " + copy.size());
        }
        return copy;
    }

    private static List<Guid> readGuids(NdrReader r, int count, String field) throws WireFormatException {
        int at = r.position();
        int n = r.readConformance(16, field);
        if (n != count) {
            throw r.malformedAt(field + ".max_count", at, "max_count " + n + " differs from the count " + count);
        }
        List<Guid> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.readGuid());
        }
        return out;
    }

    private static void writeRefs(NdrWriter w, List<RemInterfaceRef> refs) {
        w.writeShort(refs.size()).writeConformance(refs.size());
        for (RemInterfaceRef ref : refs) {
            ref.ipid().encode(w);
            w.writeInt(ref.publicRefs()).writeInt(ref.privateRefs());
        }
    }

    private static List<RemInterfaceRef> readRefs(NdrReader r) throws WireFormatException {
        int count = r.readUnsignedShort();
        int at = r.position();
        int n = r.readConformance(24, "InterfaceRefs");
        if (n != count) {
            throw r.malformedAt("InterfaceRefs.max_count", at, "max_count " + n + " differs from cInterfaceRefs "
                    + count);
        }
        List<RemInterfaceRef> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new RemInterfaceRef(Ipid.decode(r), r.readInt("cPublicRefs"), r.readInt("cPrivateRefs")));
        }
        return out;
    }

    private static void writeInts(NdrWriter w, List<Integer> values) {
        w.writeConformance(values.size());
        for (int v : values) {
            w.writeInt(v);
        }
    }

    private static List<Integer> readInts(NdrReader r, String field) throws WireFormatException {
        int[] values = r.readConformantInts(field);
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
