package io.sessionmoniker.activation.orpc.rpc.internal;

import io.sessionmoniker.activation.orpc.rpc.AuthVerifier;
import io.sessionmoniker.activation.orpc.rpc.Bytes;
import io.sessionmoniker.activation.orpc.rpc.Pdu;
import io.sessionmoniker.activation.orpc.rpc.PduLimits;
import io.sessionmoniker.activation.orpc.rpc.PduType;
import io.sessionmoniker.activation.orpc.rpc.PresentationContext;
import io.sessionmoniker.activation.orpc.rpc.PresentationResult;
import io.sessionmoniker.activation.orpc.rpc.RpcStatus;
import io.sessionmoniker.activation.orpc.rpc.SyntaxId;
import io.sessionmoniker.activation.orpc.rpc.WireFailure;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.moniker.Guid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The byte layout of connection-oriented PDUs (C706 12.6, MS-RPCE 2.2.2): sizes, serialization into an
 * array, and parsing of one whole fragment. The layouts, with offsets from the start of the PDU:
 *
 * <pre>
 * common header (16)  0 rpc_vers=5  1 rpc_vers_minor=0  2 PTYPE  3 pfc_flags  4 packed_drep[4]=10 00 00 00
 *                     8 frag_length u16  10 auth_length u16  12 call_id u32
 * bind, alter_context 16 max_xmit_frag u16  18 max_recv_frag u16  20 assoc_group_id u32
 *                     24 n_context_elem u8, reserved u8, reserved2 u16
 *                     28 p_cont_elem_t[n] = { p_cont_id u16, n_transfer_syn u8, reserved u8,
 *                                             abstract_syntax (uuid 16, version u32), transfer_syntaxes[] }
 * bind_ack, alter_context_resp
 *                     16 max_xmit_frag u16  18 max_recv_frag u16  20 assoc_group_id u32
 *                     24 sec_addr.length u16  26 sec_addr.port_spec[length] (NUL-terminated)
 *                        pad to a multiple of 4 from the start of the PDU
 *                        n_results u8, reserved u8, reserved2 u16, p_result_t[n] = { result u16, reason u16,
 *                        transfer_syntax (uuid 16, version u32) }
 * bind_nak            16 provider_reject_reason u16  18 n_protocols u8  19 { major u8, minor u8 }[n], trailer
 * request             16 alloc_hint u32  20 p_cont_id u16  22 opnum u16  [24 object uuid 16]  stub
 * response            16 alloc_hint u32  20 p_cont_id u16  22 cancel_count u8  23 reserved u8  24 stub
 * fault               16 alloc_hint u32  20 p_cont_id u16  22 cancel_count u8  23 flags u8  24 status u32
 *                     28 reserved u32  32 stub
 * auth3               16 pad u32
 * shutdown, co_cancel, orphaned: the common header only
 * verifier (any PDU but bind_nak and shutdown, when auth_length &gt; 0):
 *                     auth_pad_length pad octets, then at frag_length - auth_length - 8 the sec_trailer
 *                     { auth_type u8, auth_level u8, auth_pad_length u8, auth_reserved u8, auth_context_id u32 },
 *                     then auth_value[auth_length]
 * </pre>
 */
public final class PduWire {

    private static final int VERIFIER_HEADER = 8;

    private PduWire() {
    }

    // ---------------------------------------------------------------------------------------------- sizes

    /**
     * Returns the encoded length of a PDU.
     *
     * @param pdu the PDU
     * @return the length in octets, which may exceed 65535 (then it cannot be encoded as one fragment)
     */
    public static int encodedLength(Pdu pdu) {
        return bodyEnd(pdu) + verifierLength(pdu.auth());
    }

    private static int verifierLength(AuthVerifier v) {
        return v == null ? 0 : v.padLength() + VERIFIER_HEADER + v.token().length();
    }

    private static int bodyEnd(Pdu pdu) {
        if (pdu instanceof Pdu.Request r) {
            return (r.object() != null ? 40 : 24) + r.stub().length();
        } else if (pdu instanceof Pdu.Response r) {
            return 24 + r.stub().length();
        } else if (pdu instanceof Pdu.Fault f) {
            return 32 + f.stub().length();
        } else if (pdu instanceof Pdu.Bind b) {
            return 28 + contextsLength(b.contexts());
        } else if (pdu instanceof Pdu.AlterContext b) {
            return 28 + contextsLength(b.contexts());
        } else if (pdu instanceof Pdu.BindAck a) {
            return resultsStart(a.secondaryAddress()) + 4 + 24 * a.results().size();
        } else if (pdu instanceof Pdu.AlterContextResponse a) {
            return resultsStart(a.secondaryAddress()) + 4 + 24 * a.results().size();
        } else if (pdu instanceof Pdu.BindNak n) {
            return 19 + 2 * n.versions().size() + n.trailer().length();
        } else if (pdu instanceof Pdu.Auth3) {
            return 20;
        }
        return 16;
    }

    private static int contextsLength(List<PresentationContext> contexts) {
        int n = 0;
        for (PresentationContext c : contexts) {
            n += 24 + 20 * c.transferSyntaxes().size();
        }
        return n;
    }

    private static int secondaryAddressLength(String address) {
        return address.isEmpty() ? 0 : address.length() + 1;
    }

    private static int resultsStart(String address) {
        return (26 + secondaryAddressLength(address) + 3) & ~3;
    }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * Writes a PDU.
     *
     * @param pdu the PDU
     * @param dst the destination, with at least {@link #encodedLength(Pdu)} octets from {@code at}; the
     *     padding octets written are zero
     * @param at where to start
     * @return the offset after the PDU
     * @throws IllegalArgumentException if the PDU is longer than 65535 octets
     */
    public static int write(Pdu pdu, byte[] dst, int at) {
        return write(pdu, dst, at, true);
    }

    /**
     * Returns the stub data of a request, response or fault that has no verifier, which
     * {@link #writeHeader} leaves out so that it can be sent from where it is; null for any other PDU.
     *
     * @param pdu the PDU
     * @return its stub, or null
     */
    public static Bytes separableStub(Pdu pdu) {
        if (pdu.auth() != null) {
            return null;
        }
        if (pdu instanceof Pdu.Request r) {
            return r.stub();
        } else if (pdu instanceof Pdu.Response r) {
            return r.stub();
        } else if (pdu instanceof Pdu.Fault f) {
            return f.stub();
        }
        return null;
    }

    /**
     * Writes a PDU whose {@link #separableStub} is not null, up to (not including) its stub data: the octets
     * that, followed by the stub, make the PDU exactly as {@link #write} would.
     *
     * @param pdu a request, response or fault without a verifier
     * @param dst the destination, with room for {@code encodedLength(pdu) - stub length} octets from {@code at}
     * @param at where to start
     * @return the offset after the header, where the stub would start
     * @throws IllegalArgumentException if the PDU has no separable stub or is longer than 65535 octets
     */
    public static int writeHeader(Pdu pdu, byte[] dst, int at) {
        Bytes stub = separableStub(pdu);
        if (stub == null) {
            throw new IllegalArgumentException("a " + pdu.type() + (pdu.auth() != null ? " with a verifier" : "")
                    + " has no separable stub");
        }
        return write(pdu, dst, at, false) - stub.length();
    }

    private static int write(Pdu pdu, byte[] dst, int at, boolean withStub) {
        int length = encodedLength(pdu);
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("a " + pdu.type() + " of " + length
                    + " bytes does not fit one fragment; split it with Fragmenter");
        }
        AuthVerifier auth = pdu.auth();
        dst[at] = 5;
        dst[at + 1] = 0;
        dst[at + 2] = (byte) pdu.type().code();
        dst[at + 3] = (byte) pdu.flags();
        dst[at + 4] = 0x10;
        dst[at + 5] = 0;
        dst[at + 6] = 0;
        dst[at + 7] = 0;
        Le.put16(dst, at + 8, length);
        Le.put16(dst, at + 10, auth == null ? 0 : auth.token().length());
        Le.put32(dst, at + 12, pdu.callId());
        int p = at + 16;
        if (pdu instanceof Pdu.Request r) {
            Le.put32(dst, p, r.allocHint());
            Le.put16(dst, p + 4, r.contextId());
            Le.put16(dst, p + 6, r.opnum());
            p += 8;
            if (r.object() != null) {
                Le.putGuid(dst, p, r.object());
                p += 16;
            }
            if (withStub) {
                r.stub().copyTo(dst, p);
            }
            p += r.stub().length();
        } else if (pdu instanceof Pdu.Response r) {
            Le.put32(dst, p, r.allocHint());
            Le.put16(dst, p + 4, r.contextId());
            dst[p + 6] = (byte) r.cancelCount();
            dst[p + 7] = 0;
            p += 8;
            if (withStub) {
                r.stub().copyTo(dst, p);
            }
            p += r.stub().length();
        } else if (pdu instanceof Pdu.Fault f) {
            Le.put32(dst, p, f.allocHint());
            Le.put16(dst, p + 4, f.contextId());
            dst[p + 6] = (byte) f.cancelCount();
            dst[p + 7] = (byte) f.faultFlags();
            Le.put32(dst, p + 8, f.status());
            Le.put32(dst, p + 12, 0);
            p += 16;
            if (withStub) {
                f.stub().copyTo(dst, p);
            }
            p += f.stub().length();
        } else if (pdu instanceof Pdu.Bind b) {
            p = writeBind(dst, p, b.maxXmitFrag(), b.maxRecvFrag(), b.assocGroupId(), b.contexts());
        } else if (pdu instanceof Pdu.AlterContext b) {
            p = writeBind(dst, p, b.maxXmitFrag(), b.maxRecvFrag(), b.assocGroupId(), b.contexts());
        } else if (pdu instanceof Pdu.BindAck a) {
            p = writeBindAck(dst, at, p, a.maxXmitFrag(), a.maxRecvFrag(), a.assocGroupId(),
                    a.secondaryAddress(), a.results());
        } else if (pdu instanceof Pdu.AlterContextResponse a) {
            p = writeBindAck(dst, at, p, a.maxXmitFrag(), a.maxRecvFrag(), a.assocGroupId(),
                    a.secondaryAddress(), a.results());
        } else if (pdu instanceof Pdu.BindNak n) {
            Le.put16(dst, p, n.rejectReason());
            dst[p + 2] = (byte) n.versions().size();
            p += 3;
            for (Pdu.Version v : n.versions()) {
                dst[p++] = (byte) v.major();
                dst[p++] = (byte) v.minor();
            }
            n.trailer().copyTo(dst, p);
            p += n.trailer().length();
        } else if (pdu instanceof Pdu.Auth3) {
            Le.put32(dst, p, 0);
            p += 4;
        }
        if (auth != null) {
            for (int i = 0; i < auth.padLength(); i++) {
                dst[p++] = 0;
            }
            dst[p] = (byte) auth.authType();
            dst[p + 1] = (byte) auth.authLevel();
            dst[p + 2] = (byte) auth.padLength();
            dst[p + 3] = 0;
            Le.put32(dst, p + 4, auth.contextId());
            p += VERIFIER_HEADER;
            auth.token().copyTo(dst, p);
            p += auth.token().length();
        }
        return p;
    }

    private static int writeBind(byte[] dst, int p, int maxXmit, int maxRecv, int group,
            List<PresentationContext> contexts) {
        Le.put16(dst, p, maxXmit);
        Le.put16(dst, p + 2, maxRecv);
        Le.put32(dst, p + 4, group);
        dst[p + 8] = (byte) contexts.size();
        dst[p + 9] = 0;
        Le.put16(dst, p + 10, 0);
        p += 12;
        for (PresentationContext c : contexts) {
            Le.put16(dst, p, c.contextId());
            dst[p + 2] = (byte) c.transferSyntaxes().size();
            dst[p + 3] = 0;
            p = writeSyntax(dst, p + 4, c.abstractSyntax());
            for (SyntaxId s : c.transferSyntaxes()) {
                p = writeSyntax(dst, p, s);
            }
        }
        return p;
    }

    private static int writeBindAck(byte[] dst, int pduStart, int p, int maxXmit, int maxRecv, int group,
            String address, List<PresentationResult> results) {
        Le.put16(dst, p, maxXmit);
        Le.put16(dst, p + 2, maxRecv);
        Le.put32(dst, p + 4, group);
        int addressLength = secondaryAddressLength(address);
        Le.put16(dst, p + 8, addressLength);
        p += 10;
        for (int i = 0; i < address.length(); i++) {
            dst[p++] = (byte) address.charAt(i);
        }
        if (addressLength > 0) {
            dst[p++] = 0;
        }
        while (((p - pduStart) & 3) != 0) {
            dst[p++] = 0;
        }
        dst[p] = (byte) results.size();
        dst[p + 1] = 0;
        Le.put16(dst, p + 2, 0);
        p += 4;
        for (PresentationResult r : results) {
            Le.put16(dst, p, r.result());
            Le.put16(dst, p + 2, r.reason());
            p = writeSyntax(dst, p + 4, r.transferSyntax());
        }
        return p;
    }

    private static int writeSyntax(byte[] dst, int p, SyntaxId s) {
        Le.putGuid(dst, p, s.uuid());
        Le.put16(dst, p + 16, s.majorVersion());
        Le.put16(dst, p + 18, s.minorVersion());
        return p + 20;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Checks a common header: version, data representation, type, lengths against each other and the
     * fragment limit.
     *
     * @param h the array holding at least 16 octets from {@code at}
     * @param at where the header starts
     * @param streamOffset the stream offset of the header, for failures
     * @param maxFragmentLength the largest acceptable {@code frag_length}
     * @return null if the header is acceptable, else why not
     */
    public static WireFailure checkHeader(byte[] h, int at, long streamOffset, int maxFragmentLength) {
        if (h[at] != 5) {
            return new WireFailure(WireFailure.Kind.UNSUPPORTED, "rpc_vers", streamOffset,
                    "version " + (h[at] & 0xFF) + " is not 5", RpcStatus.NCA_S_PROTO_ERROR);
        }
        if (h[at + 1] != 0 && h[at + 1] != 1) {
            return new WireFailure(WireFailure.Kind.UNSUPPORTED, "rpc_vers_minor", streamOffset + 1,
                    "minor version " + (h[at + 1] & 0xFF) + " is neither 0 nor 1",
                    RpcStatus.NCA_S_PROTO_ERROR);
        }
        int ptype = h[at + 2] & 0xFF;
        if (PduType.fromCode(ptype) == null) {
            return new WireFailure(WireFailure.Kind.UNSUPPORTED, "PTYPE", streamOffset + 2,
                    String.format(Locale.ROOT, "0x%02X is not a connection-oriented PDU type handled here", ptype),
                    RpcStatus.NCA_S_PROTO_ERROR);
        }
        if (h[at + 4] != 0x10 || h[at + 5] != 0) {
            return new WireFailure(WireFailure.Kind.UNSUPPORTED, "packed_drep", streamOffset + 4,
                    String.format(Locale.ROOT, "data representation %02x %02x is not little-endian ASCII IEEE (10 00)",
                            h[at + 4] & 0xFF, h[at + 5] & 0xFF),
                    RpcStatus.NCA_S_PROTO_ERROR);
        }
        int fragLength = Le.u16(h, at + 8);
        int authLength = Le.u16(h, at + 10);
        if (fragLength < Pdu.COMMON_HEADER_LENGTH) {
            return WireFailure.malformedPdu("frag_length", streamOffset + 8,
                    "frag_length " + fragLength + " is smaller than the 16-byte common header");
        }
        if (fragLength > maxFragmentLength) {
            return new WireFailure(WireFailure.Kind.LIMIT_EXCEEDED, "maxFragmentLength", streamOffset + 8,
                    "frag_length " + fragLength + " is above " + maxFragmentLength,
                    RpcStatus.NCA_S_PROTO_ERROR);
        }
        if (authLength > 0 && authLength + VERIFIER_HEADER + Pdu.COMMON_HEADER_LENGTH > fragLength) {
            return WireFailure.malformedPdu("auth_length", streamOffset + 10, "auth_length " + authLength
                    + " and the 8-byte sec_trailer run past frag_length " + fragLength);
        }
        return null;
    }

    /**
     * Parses one whole fragment.
     *
     * @param f the array
     * @param at where the fragment starts
     * @param length the number of octets available from {@code at}; must be at least 16
     * @param streamOffset the stream offset of the fragment, for failures
     * @param limits the limits
     * @param ownsArray true if the array may be shared by the result (stub slices then copy nothing)
     * @return the PDU
     * @throws WireFormatException if the fragment is malformed or exceeds a limit
     */
    public static Pdu parse(byte[] f, int at, int length, long streamOffset, PduLimits limits, boolean ownsArray)
            throws WireFormatException {
        if (length < Pdu.COMMON_HEADER_LENGTH) {
            throw new WireFormatException(WireFailure.malformedPdu("common header", streamOffset,
                    "only " + length + " bytes, the common header has 16"));
        }
        WireFailure bad = checkHeader(f, at, streamOffset, limits.maxFragmentLength());
        if (bad != null) {
            throw new WireFormatException(bad);
        }
        int fragLength = Le.u16(f, at + 8);
        if (fragLength != length) {
            throw new WireFormatException(WireFailure.malformedPdu("frag_length", streamOffset + 8,
                    "frag_length " + fragLength + " but the fragment has " + length + " bytes"));
        }
        return new Parser(f, at, fragLength, streamOffset, limits, ownsArray).parse();
    }

    /** Parses one fragment; offsets are relative to the fragment start. */
    private static final class Parser {
        private final byte[] f;
        private final int base;
        private final int fragLength;
        private final long streamOffset;
        private final PduLimits limits;
        private final boolean ownsArray;
        private final PduType type;
        private final int flags;
        private final int callId;
        private final int authLength;
        /** Where the body ends: the fragment end, or the start of the authentication padding. */
        private int bodyEnd;
        private AuthVerifier auth;

        Parser(byte[] f, int base, int fragLength, long streamOffset, PduLimits limits, boolean ownsArray) {
            this.f = f;
            this.base = base;
            this.fragLength = fragLength;
            this.streamOffset = streamOffset;
            this.limits = limits;
            this.ownsArray = ownsArray;
            this.type = PduType.fromCode(f[base + 2] & 0xFF);
            this.flags = f[base + 3] & 0xFF;
            this.authLength = Le.u16(f, base + 10);
            this.callId = Le.i32(f, base + 12);
            this.bodyEnd = fragLength;
        }

        Pdu parse() throws WireFormatException {
            switch (type) {
                case REQUEST: {
                    int fixed = (flags & Pdu.PFC_OBJECT_UUID) != 0 ? 40 : 24;
                    verifier(fixed);
                    need(fixed, "request header");
                    Guid object = fixed == 40 ? Le.guid(f, base + 24) : null;
                    return new Pdu.Request(callId, flags, i32(16), u16(20), u16(22), object, slice(fixed, bodyEnd),
                            auth);
                }
                case RESPONSE:
                    verifier(24);
                    need(24, "response header");
                    return new Pdu.Response(callId, flags, i32(16), u16(20), u8(22), slice(24, bodyEnd), auth);
                case FAULT:
                    verifier(32);
                    need(32, "fault header");
                    return new Pdu.Fault(callId, flags, i32(16), u16(20), u8(22), u8(23), i32(24),
                            slice(32, bodyEnd), auth);
                case BIND:
                case ALTER_CONTEXT:
                    return parseBind();
                case BIND_ACK:
                case ALTER_CONTEXT_RESP:
                    return parseBindAck();
                case BIND_NAK:
                    noVerifier();
                    return parseBindNak();
                case AUTH3:
                    if (authLength == 0) {
                        throw malformed("auth_length", 10, "auth3 must carry a verifier");
                    }
                    verifier(20);
                    need(20, "auth3 pad");
                    return new Pdu.Auth3(callId, flags, auth);
                case SHUTDOWN:
                    noVerifier();
                    return new Pdu.Shutdown(callId, flags);
                case CO_CANCEL:
                    verifier(16);
                    return new Pdu.CoCancel(callId, flags, auth);
                case ORPHANED:
                    verifier(16);
                    return new Pdu.Orphaned(callId, flags, auth);
                default:
                    throw new IllegalStateException(type.toString());
            }
        }

        /** Reads the verifier, if any, and sets {@link #bodyEnd} to where the padding starts. */
        private void verifier(int fixed) throws WireFormatException {
            if (authLength == 0) {
                return;
            }
            int trailer = fragLength - authLength - VERIFIER_HEADER;
            if (trailer < fixed) {
                throw malformed("auth_length", 10, "auth_length " + authLength + " puts the sec_trailer at "
                        + trailer + ", inside the " + fixed + "-byte " + type + " header");
            }
            int pad = u8(trailer + 2);
            if (trailer - pad < fixed) {
                throw malformed("auth_pad_length", trailer + 2, "auth_pad_length " + pad
                        + " reaches back into the " + fixed + "-byte " + type + " header");
            }
            bodyEnd = trailer - pad;
            auth = new AuthVerifier(u8(trailer), u8(trailer + 1), pad, i32(trailer + 4),
                    slice(trailer + VERIFIER_HEADER, fragLength));
        }

        private void noVerifier() throws WireFormatException {
            if (authLength != 0) {
                throw malformed("auth_length", 10, "a " + type + " carries no verifier but auth_length is "
                        + authLength);
            }
        }

        private Pdu parseBind() throws WireFormatException {
            verifier(28);
            need(28, "bind header");
            int maxXmit = u16(16);
            int maxRecv = u16(18);
            int group = i32(20);
            int n = u8(24);
            if (n > limits.maxContextsPerBind()) {
                throw limit("maxContextsPerBind", 24, n + " presentation contexts, the limit is "
                        + limits.maxContextsPerBind());
            }
            List<PresentationContext> contexts = new ArrayList<>(n);
            int p = 28;
            for (int i = 0; i < n; i++) {
                need(p + 24, "p_cont_elem_t[" + i + "]");
                int id = u16(p);
                int syntaxes = u8(p + 2);
                if (syntaxes == 0) {
                    throw malformed("n_transfer_syn", p + 2, "context " + id + " offers no transfer syntax");
                }
                if (syntaxes > limits.maxTransferSyntaxesPerContext()) {
                    throw limit("maxTransferSyntaxesPerContext", p + 2, "context " + id + " offers " + syntaxes
                            + " transfer syntaxes, the limit is " + limits.maxTransferSyntaxesPerContext());
                }
                SyntaxId abstractSyntax = syntax(p + 4);
                p += 24;
                need(p + 20 * syntaxes, "transfer_syntaxes of context " + id);
                List<SyntaxId> transfer = new ArrayList<>(syntaxes);
                for (int k = 0; k < syntaxes; k++) {
                    transfer.add(syntax(p));
                    p += 20;
                }
                contexts.add(new PresentationContext(id, abstractSyntax, transfer));
            }
            return type == PduType.BIND
                    ? new Pdu.Bind(callId, flags, maxXmit, maxRecv, group, contexts, auth)
                    : new Pdu.AlterContext(callId, flags, maxXmit, maxRecv, group, contexts, auth);
        }

        private Pdu parseBindAck() throws WireFormatException {
            verifier(26);
            need(26, "bind_ack header");
            int maxXmit = u16(16);
            int maxRecv = u16(18);
            int group = i32(20);
            int addressLength = u16(24);
            need(26 + addressLength, "sec_addr.port_spec");
            int addressEnd = 26 + addressLength;
            if (addressLength > 0 && f[base + addressEnd - 1] == 0) {
                addressEnd--;
            }
            for (int i = 26; i < addressEnd; i++) {
                if (f[base + i] == 0) {
                    throw malformed("sec_addr.port_spec", i, "NUL inside the secondary address");
                }
            }
            String address = new String(f, base + 26, addressEnd - 26, StandardCharsets.ISO_8859_1);
            int p = (26 + addressLength + 3) & ~3;
            need(p + 4, "p_result_list");
            int n = u8(p);
            if (n > limits.maxContextsPerBind()) {
                throw limit("maxContextsPerBind", p, n + " results, the limit is " + limits.maxContextsPerBind());
            }
            p += 4;
            need(p + 24 * n, "p_results");
            List<PresentationResult> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(new PresentationResult(u16(p), u16(p + 2), syntax(p + 4)));
                p += 24;
            }
            return type == PduType.BIND_ACK
                    ? new Pdu.BindAck(callId, flags, maxXmit, maxRecv, group, address, results, auth)
                    : new Pdu.AlterContextResponse(callId, flags, maxXmit, maxRecv, group, address, results, auth);
        }

        private Pdu parseBindNak() throws WireFormatException {
            need(19, "bind_nak");
            int reason = u16(16);
            int n = u8(18);
            need(19 + 2 * n, "versions.p_protocols");
            List<Pdu.Version> versions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                versions.add(new Pdu.Version(u8(19 + 2 * i), u8(20 + 2 * i)));
            }
            return new Pdu.BindNak(callId, flags, reason, versions, slice(19 + 2 * n, fragLength));
        }

        private void need(int end, String what) throws WireFormatException {
            if (end > bodyEnd) {
                throw malformed(what, Math.min(end, bodyEnd), "needs " + end + " bytes but the "
                        + (bodyEnd < fragLength ? "body before the verifier" : "fragment") + " has " + bodyEnd);
            }
        }

        private SyntaxId syntax(int p) {
            return new SyntaxId(Le.guid(f, base + p), u16(p + 16), u16(p + 18));
        }

        private int u8(int p) {
            return f[base + p] & 0xFF;
        }

        private int u16(int p) {
            return Le.u16(f, base + p);
        }

        private int i32(int p) {
            return Le.i32(f, base + p);
        }

        private Bytes slice(int from, int to) {
            return ownsArray ? Bytes.unsafeWrap(f, base + from, to - from) : Bytes.copyOf(f, base + from, to - from);
        }

        private WireFormatException malformed(String field, int at, String detail) {
            return new WireFormatException(WireFailure.malformedPdu(field, streamOffset + at, detail));
        }

        private WireFormatException limit(String name, int at, String detail) {
            return new WireFormatException(new WireFailure(WireFailure.Kind.LIMIT_EXCEEDED, name, streamOffset + at,
                    detail, RpcStatus.NCA_S_PROTO_ERROR));
        }
    }
}
