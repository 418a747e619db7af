package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.transport.Transport;
import io.sessionmoniker.activation.orpc.rpc.internal.PduWire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Writes PDUs to a link with gathering writes. A request's, response's or fault's stub of some size is not
 * copied into an encoded PDU: it is sent from the array it was marshalled into, behind its own small header,
 * so the fragments of a large call (which are slices of one stub) cost no copy on this side at all beyond the
 * one the socket makes. Up to {@value #MAX_BATCH} PDUs go to the link in one write. The bytes on the wire are
 * exactly those of {@link PduCodec#encode(Pdu)}, one PDU after the other.
 */
public final class PduSender {

    /** PDUs per gathering write: two buffers each, well under any system's limit on I/O vectors. */
    public static final int MAX_BATCH = 8;

    /** Below this many stub octets a PDU is encoded into one array: one small copy beats a second buffer. */
    static final int SEPARATE_STUB = 1024;

    private PduSender() {
    }

    /**
     * Writes PDUs in order; the caller serializes writes on the link.
     *
     * @param link the link
     * @param pdus the PDUs, each fitting one fragment
     * @throws IOException if the link fails
     */
    public static void write(Transport.Link link, List<? extends Pdu> pdus) throws IOException {
        ByteBuffer[] batch = new ByteBuffer[2 * Math.min(pdus.size(), MAX_BATCH)];
        int used = 0;
        int count = 0;
        for (Pdu p : pdus) {
            Bytes stub = PduWire.separableStub(p);
            if (stub == null || stub.length() < SEPARATE_STUB) {
                batch[used++] = ByteBuffer.wrap(PduCodec.encode(p));
            } else {
                byte[] head = new byte[PduWire.encodedLength(p) - stub.length()];
                PduWire.writeHeader(p, head, 0);
                batch[used++] = ByteBuffer.wrap(head);
                batch[used++] = stub.asReadOnlyBuffer();
            }
            if (++count == MAX_BATCH) {
                link.write(used == batch.length ? batch : Arrays.copyOf(batch, used));
                Arrays.fill(batch, null);
                used = 0;
                count = 0;
            }
        }
        if (used > 0) {
            link.write(used == batch.length ? batch : Arrays.copyOf(batch, used));
        }
    }
}
