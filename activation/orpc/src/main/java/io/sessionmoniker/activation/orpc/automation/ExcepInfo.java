package io.sessionmoniker.activation.orpc.automation;

import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;

/**
 * MS-OAUT 2.2.34 {@code EXCEPINFO}, the exception an automation server reports from {@code Invoke} with
 * {@code DISP_E_EXCEPTION}: {@code { WORD wCode; WORD wReserved; BSTR bstrSource; BSTR bstrDescription;
 * BSTR bstrHelpFile; DWORD dwHelpContext; ULONG_PTR pvReserved; ULONG_PTR pfnDeferredFillIn; HRESULT scode; }}.
 * The two {@code ULONG_PTR}s are 32-bit on the NDR 2.0 wire, sent as 0 and ignored on receipt; the BSTRs
 * follow the 32-byte structure.
 *
 * <pre>{@code
 * ExcepInfo.NONE;                                          // what Invoke returns when nothing went wrong
 * ExcepInfo.of("Calc", "division by zero", 0x80020012);    // scode set, wCode 0
 * }</pre>
 *
 * @param code {@code wCode}: 0, or an implementation-specific code above 1000 (then {@code scode} is 0)
 * @param source the source, or null
 * @param description the description, or null
 * @param helpFile the help file, or null
 * @param helpContext the help context (0 without a help file)
 * @param scode a failure HRESULT describing the error, or 0
 */
public record ExcepInfo(int code, String source, String description, String helpFile, int helpContext,
        int scode) {

    /** All zero, all BSTRs NULL. */
    public static final ExcepInfo NONE = new ExcepInfo(0, null, null, null, 0, 0);

    /**
     * Checks {@code wCode}.
     *
     * @param code the code
     * @param source the source
     * @param description the description
     * @param helpFile the help file
     * @param helpContext the help context
     * @param scode the HRESULT
     */
    public ExcepInfo {
        if ((code & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("wCode is 16-bit: " + code);
        }
    }

    /**
     * Returns an exception described by an HRESULT.
     *
     * @param source the source
     * @param description the description
     * @param scode the failure HRESULT
     * @return the exception information
     */
    public static ExcepInfo of(String source, String description, int scode) {
        return new ExcepInfo(0, source, description, null, 0, scode);
    }

    /**
     * Writes the structure (a top-level {@code EXCEPINFO*}) and its BSTRs.
     *
     * @param w the writer
     */
    public void encode(NdrWriter w) {
        w.beginEmbedded();
        w.writeShort(code).writeShort(0);
        BstrCodec.encode(w, source);
        BstrCodec.encode(w, description);
        BstrCodec.encode(w, helpFile);
        w.writeInt(helpContext).writeInt(0).writeInt(0).writeInt(scode);
        w.endEmbedded();
    }

    /**
     * Reads the structure and its BSTRs.
     *
     * @param r the reader
     * @return the exception information
     * @throws WireFormatException if malformed
     */
    public static ExcepInfo decode(NdrReader r) throws WireFormatException {
        r.beginEmbedded();
        int code = r.readUnsignedShort();
        r.readShort();
        NdrReader.Deferred<String> source = BstrCodec.decodeEmbedded(r);
        NdrReader.Deferred<String> description = BstrCodec.decodeEmbedded(r);
        NdrReader.Deferred<String> helpFile = BstrCodec.decodeEmbedded(r);
        int helpContext = r.readInt("EXCEPINFO.dwHelpContext");
        r.readInt("EXCEPINFO.pvReserved");
        r.readInt("EXCEPINFO.pfnDeferredFillIn");
        int scode = r.readInt("EXCEPINFO.scode");
        r.endEmbedded();
        return new ExcepInfo(code, source.get(), description.get(), helpFile.get(), helpContext, scode);
    }
}
