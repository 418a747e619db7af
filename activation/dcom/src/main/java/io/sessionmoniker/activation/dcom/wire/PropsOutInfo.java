package io.sessionmoniker.activation.dcom.wire;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MS-DCOM 2.2.22.2.9 {@code PropsOutInfo}, the reply property with one outcome per interface the client asked
 * for:
 *
 * <pre>
 * { [range(1, 0x8000)] DWORD cIfs; [size_is(cIfs)] IID* piid; [size_is(cIfs)] HRESULT* phresults;
 *   [size_is(cIfs)] MInterfacePointer** ppIntfData; }
 * </pre>
 *
 * <p>An HRESULT of 0 MUST come with an interface pointer and a negative one with NULL; both the constructor and
 * the decoder hold to that. Impacket takes {@code ppIntfData[0]} as the object and crashes on a failing
 * {@code phresults} entry, so a server that cannot create the object fails the call instead (see
 * {@link ScmActivatorMessages.RemoteCreateInstanceResponse#failure}).
 *
 * <pre>{@code
 * PropsOutInfo out = PropsOutInfo.of(new PropsOutInfo.Result(Iids.IDISPATCH, 0, InterfacePointer.of(objRef)));
 * }</pre>
 *
 * @param results the outcomes, in the order of the request's IIDs; 1 to 0x8000
 */
public record PropsOutInfo(List<Result> results) implements ActivationProperty {

    /**
     * One interface's outcome.
     *
     * @param iid the interface
     * @param hresult 0, or a failure such as E_NOINTERFACE
     * @param pointer the marshaled interface; non-null for 0, null for a failure
     */
    public record Result(Guid iid, int hresult, InterfacePointer pointer) {
        /**
         * Checks that the pointer agrees with the HRESULT.
         *
         * @param iid the interface
         * @param hresult the outcome
         * @param pointer the pointer
         */
        public Result {
            Objects.requireNonNull(iid, "iid");
            if (hresult == 0 && pointer == null) {
                throw new IllegalArgumentException("S_OK for " + iid + " needs an interface pointer");
            }
            if (hresult < 0 && pointer != null) {
                throw new IllegalArgumentException("a failed interface " + iid + " has no pointer");
            }
        }
    }

    /**
     * Checks and copies the results.
     *
     * @param results the outcomes
     */
    public PropsOutInfo {
        results = List.copyOf(results);
        if (results.isEmpty() || results.size() > Wire.MAX_REQUESTED_INTERFACES) {
            throw new IllegalArgumentException("1 to 32768 results, not " + results.size());
        }
    }

    /**
     * Returns the property with these outcomes.
     *
     * @param results the outcomes
     * @return the property
     */
    public static PropsOutInfo of(Result... results) {
        return new PropsOutInfo(List.of(results));
    }

    @Override
    public Guid clsid() {
        return DcomIids.CLSID_PROPS_OUT_INFO;
    }

    @Override
    public void encodeBody(NdrWriter w) {
        List<Guid> iids = new ArrayList<>(results.size());
        List<Integer> hresults = new ArrayList<>(results.size());
        List<InterfacePointer> pointers = new ArrayList<>(results.size());
        for (Result res : results) {
            iids.add(res.iid());
            hresults.add(res.hresult());
            pointers.add(res.pointer());
        }
        w.beginEmbedded();
        w.writeInt(results.size());
        w.writeUnique(iids, Wire::writeGuids);
        w.writeUnique(hresults, Wire::writeInts);
        w.writeUnique(pointers, Wire::writeInterfacePointers);
        w.endEmbedded();
    }

    /**
     * Reads the structure's NDR representation.
     *
     * @param r the reader, at the start of the object buffer
     * @return the property
     * @throws WireFormatException if malformed: {@code cIfs} out of range, an array NULL or of another length, a
     *     pointer that disagrees with its HRESULT
     */
    public static PropsOutInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int count = Wire.readRange(r, "PropsOutInfo.cIfs", 1, Wire.MAX_REQUESTED_INTERFACES);
        int iidAt = r.position();
        NdrReader.Deferred<List<Guid>> iids = r.readUnique(r1 -> Wire.readGuids(r1, "PropsOutInfo.piid", count));
        int hrAt = r.position();
        NdrReader.Deferred<List<Integer>> hresults = r.readUnique(r1 -> Wire.readInts(r1, "PropsOutInfo.phresults",
                count));
        int ptrAt = r.position();
        NdrReader.Deferred<List<InterfacePointer>> pointers = r.readUnique(r1 -> Wire.readInterfacePointers(r1,
                "PropsOutInfo.ppIntfData", count));
        r.endEmbedded();
        if (iids.isNull()) {
            throw r.malformedAt("PropsOutInfo.piid", iidAt, "NULL for " + count + " interfaces");
        }
        if (hresults.isNull()) {
            throw r.malformedAt("PropsOutInfo.phresults", hrAt, "NULL for " + count + " interfaces");
        }
        if (pointers.isNull()) {
            throw r.malformedAt("PropsOutInfo.ppIntfData", ptrAt, "NULL for " + count + " interfaces");
        }
        List<Result> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int hr = hresults.get().get(i);
            InterfacePointer ip = pointers.get().get(i);
            if (hr == 0 && ip == null || hr < 0 && ip != null) {
                throw r.malformedAt("PropsOutInfo.ppIntfData", ptrAt, "entry " + i + " is " + (ip == null ? "NULL" : "set")
                        + " for HRESULT " + String.format(java.util.Locale.ROOT, "0x%08X", hr));
            }
            results.add(new Result(iids.get().get(i), hr, ip));
        }
        return new PropsOutInfo(results);
    }

    /**
     * Reads the serialized property.
     *
     * @param serialized the type serialization headers and data
     * @return the property
     * @throws WireFormatException if malformed
     */
    public static PropsOutInfo decode(Bytes serialized) throws WireFormatException {
        return TypeSerialization.decode(serialized, "PropsOutInfo", PropsOutInfo::decode);
    }
}
