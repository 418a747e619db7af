package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.moniker.Guid;
import java.util.List;
import java.util.Objects;

/**
 * A DCE/RPC 5.0 connection-oriented PDU (C706 chapter 12, MS-RPCE 2.2.2): an immutable value that
 * {@link PduCodec} turns into bytes and back. One record per PDU type; every record carries the common
 * header's {@code call_id} and {@code pfc_flags}. The rest of the common header is derived: {@code rpc_vers}
 * 5.0, {@code packed_drep} little-endian/ASCII/IEEE ({@code 10 00 00 00}, the only data representation this
 * runtime speaks), {@code frag_length} and {@code auth_length} from the content.
 *
 * <pre>{@code
 * Pdu.Request call = Pdu.Request.of(7, 0, 3, ipid, stub);     // call 7, context 0, opnum 3, object = IPID
 * byte[] wire = PduCodec.encode(call);
 * Pdu back = PduCodec.decode(Bytes.unsafeWrap(wire, 0, wire.length));
 * back.equals(call);                                          // true
 * if (back instanceof Pdu.Request r) { r.opnum(); }           // 3
 * }</pre>
 *
 * <p>Encoding checks nothing beyond what each record's constructor checks; a body too large for one fragment
 * must first be split by {@link Fragmenter}.
 */
public sealed interface Pdu permits Pdu.Bind, Pdu.BindAck, Pdu.BindNak, Pdu.AlterContext,
        Pdu.AlterContextResponse, Pdu.Request, Pdu.Response, Pdu.Fault, Pdu.Shutdown, Pdu.Auth3, Pdu.CoCancel,
        Pdu.Orphaned {

    /** First fragment of a call, or the only one. */
    int PFC_FIRST_FRAG = 0x01;
    /** Last fragment of a call, or the only one. */
    int PFC_LAST_FRAG = 0x02;
    /** In bind, bind_ack, alter_context and alter_context_resp: header signing supported (MS-RPCE 2.2.2.3). */
    int PFC_SUPPORT_HEADER_SIGN = 0x04;
    /** In other PDUs: a cancel was pending at the sender. */
    int PFC_PENDING_CANCEL = 0x04;
    /** Concurrent multiplexing supported (bind). */
    int PFC_CONC_MPX = 0x10;
    /** In a fault: the call did not execute. */
    int PFC_DID_NOT_EXECUTE = 0x20;
    /** Maybe semantics requested. */
    int PFC_MAYBE = 0x40;
    /** A request carries an object UUID (for ORPC: the target IPID). */
    int PFC_OBJECT_UUID = 0x80;
    /** {@link #PFC_FIRST_FRAG} | {@link #PFC_LAST_FRAG}: a one-fragment message. */
    int PFC_WHOLE = PFC_FIRST_FRAG | PFC_LAST_FRAG;

    /** The size of the common header. */
    int COMMON_HEADER_LENGTH = 16;

    /**
     * Returns the PDU type.
     *
     * @return the type
     */
    PduType type();

    /**
     * Returns the {@code call_id}.
     *
     * @return the call id, any 32-bit value
     */
    int callId();

    /**
     * Returns the {@code pfc_flags} octet.
     *
     * @return the flags
     */
    int flags();

    /**
     * Returns the authentication verifier.
     *
     * @return the verifier, or null if {@code auth_length} is 0
     */
    AuthVerifier auth();

    /**
     * Tells whether a flag is set.
     *
     * @param flag for example {@link #PFC_LAST_FRAG}
     * @return true if set
     */
    default boolean hasFlag(int flag) {
        return (flags() & flag) == flag;
    }

    /** A protocol version entry of a bind_nak ({@code version_t}). */
    record Version(int major, int minor) {
        /** RPC 5.0. */
        public static final Version V5_0 = new Version(5, 0);

        /**
         * Checks the octets.
         *
         * @param major the major version
         * @param minor the minor version
         */
        public Version {
            checkOctet(major, "major");
            checkOctet(minor, "minor");
        }
    }

    /**
     * bind (PTYPE 11, C706 12.6.4.3): opens an association and offers presentation contexts.
     *
     * @param callId the call id
     * @param flags usually {@link #PFC_WHOLE}
     * @param maxXmitFrag the largest fragment the client will send
     * @param maxRecvFrag the largest fragment the client will accept
     * @param assocGroupId 0 for a new association group
     * @param contexts 1 to 255 presentation contexts
     * @param auth the verifier, or null
     */
    record Bind(int callId, int flags, int maxXmitFrag, int maxRecvFrag, int assocGroupId,
            List<PresentationContext> contexts, AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param maxXmitFrag the transmit size
         * @param maxRecvFrag the receive size
         * @param assocGroupId the group
         * @param contexts the contexts
         * @param auth the verifier
         */
        public Bind {
            checkOctet(flags, "pfc_flags");
            checkShort(maxXmitFrag, "max_xmit_frag");
            checkShort(maxRecvFrag, "max_recv_frag");
            contexts = checkContexts(contexts);
        }

        /**
         * Returns an unauthenticated one-fragment bind.
         *
         * @param callId the call id
         * @param maxFrag both fragment sizes
         * @param contexts the contexts
         * @return the bind
         */
        public static Bind of(int callId, int maxFrag, PresentationContext... contexts) {
            return new Bind(callId, PFC_WHOLE, maxFrag, maxFrag, 0, List.of(contexts), null);
        }

        @Override
        public PduType type() {
            return PduType.BIND;
        }
    }

    /**
     * alter_context (PTYPE 14, C706 12.6.4.1): offers more presentation contexts on an association; same
     * layout as {@link Bind}.
     *
     * @param callId the call id
     * @param flags usually {@link #PFC_WHOLE}
     * @param maxXmitFrag ignored by servers after the bind
     * @param maxRecvFrag ignored by servers after the bind
     * @param assocGroupId the association group
     * @param contexts 1 to 255 presentation contexts
     * @param auth the verifier, or null
     */
    record AlterContext(int callId, int flags, int maxXmitFrag, int maxRecvFrag, int assocGroupId,
            List<PresentationContext> contexts, AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param maxXmitFrag the transmit size
         * @param maxRecvFrag the receive size
         * @param assocGroupId the group
         * @param contexts the contexts
         * @param auth the verifier
         */
        public AlterContext {
            checkOctet(flags, "pfc_flags");
            checkShort(maxXmitFrag, "max_xmit_frag");
            checkShort(maxRecvFrag, "max_recv_frag");
            contexts = checkContexts(contexts);
        }

        @Override
        public PduType type() {
            return PduType.ALTER_CONTEXT;
        }
    }

    /**
     * bind_ack (PTYPE 12, C706 12.6.4.4): accepts an association, with one result per offered context.
     *
     * @param callId the bind's call id
     * @param flags usually {@link #PFC_WHOLE}
     * @param maxXmitFrag the largest fragment the server will send
     * @param maxRecvFrag the largest fragment the server will accept
     * @param assocGroupId the association group, non-zero
     * @param secondaryAddress the {@code sec_addr} port string without its terminating NUL (for example
     *     {@code "135"}), or empty for none; ISO-8859-1 characters only
     * @param results one result per offered context, in order
     * @param auth the verifier, or null
     */
    record BindAck(int callId, int flags, int maxXmitFrag, int maxRecvFrag, int assocGroupId,
            String secondaryAddress, List<PresentationResult> results, AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param maxXmitFrag the transmit size
         * @param maxRecvFrag the receive size
         * @param assocGroupId the group
         * @param secondaryAddress the port string
         * @param results the results
         * @param auth the verifier
         */
        public BindAck {
            checkOctet(flags, "pfc_flags");
            checkShort(maxXmitFrag, "max_xmit_frag");
            checkShort(maxRecvFrag, "max_recv_frag");
            secondaryAddress = checkSecondaryAddress(secondaryAddress);
            results = checkResults(results);
        }

        @Override
        public PduType type() {
            return PduType.BIND_ACK;
        }
    }

    /**
     * alter_context_resp (PTYPE 15, C706 12.6.4.2): answers an alter_context; same layout as {@link BindAck}
     * (Windows sends an empty secondary address).
     *
     * @param callId the alter_context's call id
     * @param flags usually {@link #PFC_WHOLE}
     * @param maxXmitFrag the transmit size
     * @param maxRecvFrag the receive size
     * @param assocGroupId the association group
     * @param secondaryAddress usually empty
     * @param results one result per offered context
     * @param auth the verifier, or null
     */
    record AlterContextResponse(int callId, int flags, int maxXmitFrag, int maxRecvFrag, int assocGroupId,
            String secondaryAddress, List<PresentationResult> results, AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param maxXmitFrag the transmit size
         * @param maxRecvFrag the receive size
         * @param assocGroupId the group
         * @param secondaryAddress the port string
         * @param results the results
         * @param auth the verifier
         */
        public AlterContextResponse {
            checkOctet(flags, "pfc_flags");
            checkShort(maxXmitFrag, "max_xmit_frag");
            checkShort(maxRecvFrag, "max_recv_frag");
            secondaryAddress = checkSecondaryAddress(secondaryAddress);
            results = checkResults(results);
        }

        @Override
        public PduType type() {
            return PduType.ALTER_CONTEXT_RESP;
        }
    }

    /**
     * bind_nak (PTYPE 13, C706 12.6.4.5, MS-RPCE 2.2.2.9): refuses an association.
     *
     * @param callId the bind's call id
     * @param flags usually {@link #PFC_WHOLE}
     * @param rejectReason the {@code provider_reject_reason}, for example {@link #REASON_NOT_SPECIFIED}
     * @param versions the protocol versions supported, usually {@code [5.0]}
     * @param trailer octets after the version list, kept opaque: MS-RPCE's optional signature UUID and
     *     extended error information; empty in the C706 form this runtime sends
     */
    record BindNak(int callId, int flags, int rejectReason, List<Version> versions, Bytes trailer)
            implements Pdu {
        /** No reason given. */
        public static final int REASON_NOT_SPECIFIED = 0;
        /** Temporary congestion. */
        public static final int TEMPORARY_CONGESTION = 1;
        /** A local limit was exceeded. */
        public static final int LOCAL_LIMIT_EXCEEDED = 2;
        /** The protocol version is not supported. */
        public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 4;
        /** The authentication type is not recognised (MS-RPCE 2.2.2.5). */
        public static final int AUTHENTICATION_TYPE_NOT_RECOGNIZED = 8;
        /** The security package detected an unrecoverable error (MS-RPCE 2.2.2.5). */
        public static final int INVALID_CHECKSUM = 9;

        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param rejectReason the reason
         * @param versions the versions
         * @param trailer the opaque trailer
         */
        public BindNak {
            checkOctet(flags, "pfc_flags");
            checkShort(rejectReason, "provider_reject_reason");
            versions = List.copyOf(versions);
            if (versions.size() > 255) {
                throw new IllegalArgumentException("at most 255 versions");
            }
            Objects.requireNonNull(trailer, "trailer");
        }

        /**
         * Returns a bind_nak listing version 5.0.
         *
         * @param callId the call id
         * @param rejectReason the reason
         * @return the PDU
         */
        public static BindNak of(int callId, int rejectReason) {
            return new BindNak(callId, PFC_WHOLE, rejectReason, List.of(Version.V5_0), Bytes.EMPTY);
        }

        @Override
        public PduType type() {
            return PduType.BIND_NAK;
        }

        @Override
        public AuthVerifier auth() {
            return null;
        }
    }

    /**
     * request (PTYPE 0, C706 12.6.4.9): a call, or one fragment of it.
     *
     * @param callId the call id
     * @param flags the flags; {@link #PFC_OBJECT_UUID} is set exactly when {@code object} is non-null
     * @param allocHint the stub length of this and the following fragments (a hint only)
     * @param contextId the presentation context
     * @param opnum the operation number, 0 to 65535
     * @param object the object UUID (the IPID for ORPC calls), or null
     * @param stub the stub data (NDR), without authentication padding
     * @param auth the verifier, or null
     */
    record Request(int callId, int flags, int allocHint, int contextId, int opnum, Guid object, Bytes stub,
            AuthVerifier auth) implements Pdu {
        /**
         * Checks the components and makes {@link #PFC_OBJECT_UUID} agree with {@code object}.
         *
         * @param callId the call id
         * @param flags the flags
         * @param allocHint the hint
         * @param contextId the context
         * @param opnum the operation
         * @param object the object UUID
         * @param stub the stub
         * @param auth the verifier
         */
        public Request {
            checkOctet(flags, "pfc_flags");
            checkShort(contextId, "p_cont_id");
            checkShort(opnum, "opnum");
            Objects.requireNonNull(stub, "stub");
            flags = object != null ? flags | PFC_OBJECT_UUID : flags & ~PFC_OBJECT_UUID;
        }

        /**
         * Returns an unauthenticated one-fragment request.
         *
         * @param callId the call id
         * @param contextId the presentation context
         * @param opnum the operation number
         * @param object the object UUID, or null
         * @param stub the stub data
         * @return the request
         */
        public static Request of(int callId, int contextId, int opnum, Guid object, Bytes stub) {
            return new Request(callId, PFC_WHOLE, stub.length(), contextId, opnum, object, stub, null);
        }

        @Override
        public PduType type() {
            return PduType.REQUEST;
        }
    }

    /**
     * response (PTYPE 2, C706 12.6.4.10): a call's output, or one fragment of it.
     *
     * @param callId the request's call id
     * @param flags the flags
     * @param allocHint the stub length of this and the following fragments
     * @param contextId the presentation context
     * @param cancelCount the number of cancels received
     * @param stub the stub data
     * @param auth the verifier, or null
     */
    record Response(int callId, int flags, int allocHint, int contextId, int cancelCount, Bytes stub,
            AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param allocHint the hint
         * @param contextId the context
         * @param cancelCount the cancels
         * @param stub the stub
         * @param auth the verifier
         */
        public Response {
            checkOctet(flags, "pfc_flags");
            checkShort(contextId, "p_cont_id");
            checkOctet(cancelCount, "cancel_count");
            Objects.requireNonNull(stub, "stub");
        }

        /**
         * Returns an unauthenticated one-fragment response.
         *
         * @param callId the call id
         * @param contextId the presentation context
         * @param stub the stub data
         * @return the response
         */
        public static Response of(int callId, int contextId, Bytes stub) {
            return new Response(callId, PFC_WHOLE, stub.length(), contextId, 0, stub, null);
        }

        @Override
        public PduType type() {
            return PduType.RESPONSE;
        }
    }

    /**
     * fault (PTYPE 3, C706 12.6.4.7, MS-RPCE 2.2.2.7): a call failed in the RPC runtime or the server.
     *
     * @param callId the request's call id
     * @param flags the flags, for example {@link #PFC_WHOLE} | {@link #PFC_DID_NOT_EXECUTE}
     * @param allocHint the stub length
     * @param contextId the presentation context
     * @param cancelCount the cancels received
     * @param faultFlags the octet after {@code cancel_count}: 0x01 means extended error information
     *     follows in the stub (MS-RPCE 2.2.2.7)
     * @param status an NCA status ({@link RpcStatus}), a Win32 error or an HRESULT
     * @param stub optional stub data (extended error information), usually empty
     * @param auth the verifier, or null
     */
    record Fault(int callId, int flags, int allocHint, int contextId, int cancelCount, int faultFlags,
            int status, Bytes stub, AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param allocHint the hint
         * @param contextId the context
         * @param cancelCount the cancels
         * @param faultFlags the fault flags
         * @param status the status
         * @param stub the stub
         * @param auth the verifier
         */
        public Fault {
            checkOctet(flags, "pfc_flags");
            checkShort(contextId, "p_cont_id");
            checkOctet(cancelCount, "cancel_count");
            checkOctet(faultFlags, "fault flags");
            Objects.requireNonNull(stub, "stub");
        }

        /**
         * Returns an unauthenticated fault without stub data.
         *
         * @param callId the call id
         * @param contextId the presentation context
         * @param status the status
         * @return the fault
         */
        public static Fault of(int callId, int contextId, int status) {
            return new Fault(callId, PFC_WHOLE, 0, contextId, 0, 0, status, Bytes.EMPTY, null);
        }

        @Override
        public PduType type() {
            return PduType.FAULT;
        }
    }

    /**
     * shutdown (PTYPE 17, C706 12.6.4.11): the server asks the client to close the association. Header only.
     *
     * @param callId the call id (any)
     * @param flags the flags
     */
    record Shutdown(int callId, int flags) implements Pdu {
        /**
         * Checks the flags.
         *
         * @param callId the call id
         * @param flags the flags
         */
        public Shutdown {
            checkOctet(flags, "pfc_flags");
        }

        @Override
        public PduType type() {
            return PduType.SHUTDOWN;
        }

        @Override
        public AuthVerifier auth() {
            return null;
        }
    }

    /**
     * rpc_auth_3 (PTYPE 16, MS-RPCE 2.2.2.10): the client's last authentication leg; 4 pad octets, then the
     * verifier, which is required.
     *
     * @param callId the bind's call id
     * @param flags the flags
     * @param auth the verifier
     */
    record Auth3(int callId, int flags, AuthVerifier auth) implements Pdu {
        /**
         * Checks the components.
         *
         * @param callId the call id
         * @param flags the flags
         * @param auth the verifier
         */
        public Auth3 {
            checkOctet(flags, "pfc_flags");
            Objects.requireNonNull(auth, "auth3 carries a verifier");
        }

        @Override
        public PduType type() {
            return PduType.AUTH3;
        }
    }

    /**
     * co_cancel (PTYPE 18, C706 12.6.4.6): cancels the call in progress.
     *
     * @param callId the call id
     * @param flags the flags
     * @param auth the verifier, or null
     */
    record CoCancel(int callId, int flags, AuthVerifier auth) implements Pdu {
        /**
         * Checks the flags.
         *
         * @param callId the call id
         * @param flags the flags
         * @param auth the verifier
         */
        public CoCancel {
            checkOctet(flags, "pfc_flags");
        }

        @Override
        public PduType type() {
            return PduType.CO_CANCEL;
        }
    }

    /**
     * orphaned (PTYPE 19, C706 12.6.4.8): the client abandons the call in progress.
     *
     * @param callId the call id
     * @param flags the flags
     * @param auth the verifier, or null
     */
    record Orphaned(int callId, int flags, AuthVerifier auth) implements Pdu {
        /**
         * Checks the flags.
         *
         * @param callId the call id
         * @param flags the flags
         * @param auth the verifier
         */
        public Orphaned {
            checkOctet(flags, "pfc_flags");
        }

        @Override
        public PduType type() {
            return PduType.ORPHANED;
        }
    }

    private static void checkOctet(int value, String name) {
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException(name + " is an octet: " + value);
        }
    }

    private static void checkShort(int value, String name) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(name + " is 16-bit: " + value);
        }
    }

    private static List<PresentationContext> checkContexts(List<PresentationContext> contexts) {
        List<PresentationContext> copy = List.copyOf(contexts);
        if (copy.size() > 255) {
            throw new IllegalArgumentException("at most 255 presentation contexts, not " + copy.size());
        }
        return copy;
    }

    private static List<PresentationResult> checkResults(List<PresentationResult> results) {
        List<PresentationResult> copy = List.copyOf(results);
        if (copy.size() > 255) {
            throw new IllegalArgumentException("at most 255 results, not " + copy.size());
        }
        return copy;
    }

    private static String checkSecondaryAddress(String address) {
        Objects.requireNonNull(address, "secondaryAddress");
        if (address.length() > 0xFFFE) {
            throw new IllegalArgumentException("secondary address too long");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == 0 || c > 0xFF) {
                throw new IllegalArgumentException("secondary address character " + (int) c + " at index " + i);
            }
        }
        return address;
    }
}
