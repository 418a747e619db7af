package io.sessionmoniker.activation.orpc.rpc;

import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import java.util.Objects;

/**
 * Checked exception thrown by the NDR, automation and ORPC decoders when the bytes are refused; it carries
 * the {@link WireFailure} that says why. Decoders throw nothing else for bad input: no
 * {@link IndexOutOfBoundsException}, no {@link NullPointerException}.
 *
 * <pre>{@code
 * try {
 *     Variant v = Variant.decode(NdrReader.of(stub));
 * } catch (WireFormatException e) {
 *     log.warn(e.failure().message());
 *     reply(Pdu.Fault.of(callId, contextId, e.failure().faultStatus()));
 * }
 * }</pre>
 */
public final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The failure; a record is serializable only if its components are, and these all are. */
    private final transient WireFailure failure;

    /**
     * Creates the exception.
     *
     * @param failure why the bytes were refused
     */
    public WireFormatException(WireFailure failure) {
        super(Objects.requireNonNull(failure, "failure").message(), null, false, false);
        this.failure = failure;
    }

    /**
     * Returns why the bytes were refused.
     *
     * @return the failure
     */
    public WireFailure failure() {
        return failure;
    }
}
