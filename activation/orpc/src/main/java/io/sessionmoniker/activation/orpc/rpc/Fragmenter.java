package io.sessionmoniker.activation.orpc.rpc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request or response whose stub does not fit one fragment (C706 12.6.3.7). Each fragment's stub
 * is a slice of the original (nothing is copied); the first carries {@link Pdu#PFC_FIRST_FRAG}, the last
 * {@link Pdu#PFC_LAST_FRAG}, other flags are kept on every fragment, and each fragment's
 * {@code alloc_hint} is the stub length still to be sent, this fragment included. Every fragment but the
 * last carries a multiple of 8 stub bytes. A request's object UUID is repeated in every fragment.
 *
 * <pre>{@code
 * Pdu.Request whole = Pdu.Request.of(9, 0, 6, ipid, bigStub);      // 20,000 stub bytes
 * List<Pdu.Request> frags = Fragmenter.split(whole, 5840);         // 4 fragments, each ≤ 5840 bytes
 * }</pre>
 *
 * <p>Authenticated PDUs are not split here: each fragment needs its own verifier, computed by the security
 * layer that will sit above this one.
 */
public final class Fragmenter {

    private Fragmenter() {
    }

    /**
     * Splits a request.
     *
     * @param whole the whole call, with {@link Pdu#PFC_FIRST_FRAG} and {@link Pdu#PFC_LAST_FRAG} set
     * @param maxFragmentLength the peer's {@code max_recv_frag}
     * @return one or more fragments, in order
     * @throws IllegalArgumentException if {@code whole} has a verifier or is not a whole call, or the
     *     fragment length leaves no room for stub data
     */
    public static List<Pdu.Request> split(Pdu.Request whole, int maxFragmentLength) {
        check(whole, whole.auth());
        int header = whole.object() != null ? 40 : 24;
        int chunk = chunk(maxFragmentLength, header);
        Bytes stub = whole.stub();
        List<Pdu.Request> out = new ArrayList<>(Math.max(1, (stub.length() + chunk - 1) / chunk));
        int p = 0;
        do {
            int n = Math.min(chunk, stub.length() - p);
            int flags = flags(whole.flags(), p == 0, p + n == stub.length());
            out.add(new Pdu.Request(whole.callId(), flags, stub.length() - p, whole.contextId(), whole.opnum(),
                    whole.object(), stub.slice(p, p + n), null));
            p += n;
        } while (p < stub.length());
        return out;
    }

    /**
     * Splits a response.
     *
     * @param whole the whole response, with {@link Pdu#PFC_FIRST_FRAG} and {@link Pdu#PFC_LAST_FRAG} set
     * @param maxFragmentLength the peer's {@code max_recv_frag}
     * @return one or more fragments, in order
     * @throws IllegalArgumentException if {@code whole} has a verifier or is not a whole response, or the
     *     fragment length leaves no room for stub data
     */
    public static List<Pdu.Response> split(Pdu.Response whole, int maxFragmentLength) {
        check(whole, whole.auth());
        int chunk = chunk(maxFragmentLength, 24);
        Bytes stub = whole.stub();
        List<Pdu.Response> out = new ArrayList<>(Math.max(1, (stub.length() + chunk - 1) / chunk));
        int p = 0;
        do {
            int n = Math.min(chunk, stub.length() - p);
            int flags = flags(whole.flags(), p == 0, p + n == stub.length());
            out.add(new Pdu.Response(whole.callId(), flags, stub.length() - p, whole.contextId(),
                    whole.cancelCount(), stub.slice(p, p + n), null));
            p += n;
        } while (p < stub.length());
        return out;
    }

    private static void check(Pdu whole, AuthVerifier auth) {
        if (auth != null) {
            throw new IllegalArgumentException("authenticated PDUs are fragmented by the security layer");
        }
        if (!whole.hasFlag(Pdu.PFC_WHOLE)) {
            throw new IllegalArgumentException("not a whole call: pfc_flags " + whole.flags());
        }
    }

    private static int chunk(int maxFragmentLength, int header) {
        int chunk = (Math.min(maxFragmentLength, 0xFFFF) - header) & ~7;
        if (chunk <= 0) {
            throw new IllegalArgumentException("fragment length " + maxFragmentLength + " leaves no room for stub data");
        }
        return chunk;
    }

    private static int flags(int flags, boolean first, boolean last) {
        flags &= ~Pdu.PFC_WHOLE;
        return flags | (first ? Pdu.PFC_FIRST_FRAG : 0) | (last ? Pdu.PFC_LAST_FRAG : 0);
    }
}
