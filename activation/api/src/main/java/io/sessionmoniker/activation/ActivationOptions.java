package io.sessionmoniker.activation;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.Caller;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link Activator} binds: the deadline, who is asking, and the class context ({@code CLSCTX}) — the
 * {@code BIND_OPTS3} of this API.
 *
 * <pre>{@code
 * ActivationOptions opts = ActivationOptions.defaults()
 *         .withDeadline(Duration.ofSeconds(10))
 *         .withCaller(Caller.local(bob, 2));
 * }</pre>
 *
 * <p><b>Class context.</b> The default is {@link #CLSCTX_LOCAL_SERVER}: a session moniker activates an
 * out-of-process server in the target session. The embedded host runs local servers only, so a context without
 * {@code CLSCTX_LOCAL_SERVER} or {@code CLSCTX_REMOTE_SERVER} fails with {@code REGDB_E_CLASSNOTREG} (as Windows
 * does for a class with no in-process registration); {@code CLSCTX_REMOTE_SERVER} with no server named means this
 * machine. Bits that no {@code CLSCTX} value defines fail with {@code E_INVALIDARG}. The modifier flags
 * ({@code CLSCTX_DISABLE_AAA}, {@code CLSCTX_ACTIVATE_64_BIT_SERVER} …) are accepted and passed to Windows by the
 * Windows backend; the embedded host has no use for them.
 *
 * <p><b>Deadline.</b> How long the whole activation may take, including waiting for a console attach and for a
 * launched server to register; empty means the host's start timeout.
 *
 * <p><b>Caller.</b> Whom the policy decides for (the embedded host and its daemon serve many callers); empty means
 * the backend's default caller, {@code SYSTEM} in session 0 for the embedded host. The Windows backend always
 * activates as the calling process's own token and refuses another caller.
 *
 * @param deadline how long the activation may take, or empty for the host's default; when present, positive
 * @param caller who asks, or empty for the backend's default
 * @param classContext the {@code CLSCTX} flags
 */
public record ActivationOptions(Optional<Duration> deadline, Optional<Caller> caller, int classContext) {

    /** {@code CLSCTX_INPROC_SERVER}: a DLL in the caller's process. */
    public static final int CLSCTX_INPROC_SERVER = 0x1;
    /** {@code CLSCTX_INPROC_HANDLER}: an in-process handler. */
    public static final int CLSCTX_INPROC_HANDLER = 0x2;
    /** {@code CLSCTX_LOCAL_SERVER}: an executable on this machine; the default. */
    public static final int CLSCTX_LOCAL_SERVER = 0x4;
    /** {@code CLSCTX_REMOTE_SERVER}: a server on another machine (this one when none is named). */
    public static final int CLSCTX_REMOTE_SERVER = 0x10;
    /** Every bit some documented {@code CLSCTX} value uses. */
    public static final int CLSCTX_VALID_MASK = 0x1 | 0x2 | 0x4 | 0x10 | 0x400 | 0x1000 | 0x2000 | 0x4000 | 0x8000
            | 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x400000 | 0x800000 | 0x80000000;

    private static final ActivationOptions DEFAULTS = new ActivationOptions(Optional.empty(), Optional.empty(),
            CLSCTX_LOCAL_SERVER);

    /**
     * Validates the components.
     *
     * @param deadline not null; when present, positive
     * @param caller not null
     * @param classContext not 0
     */
    public ActivationOptions {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(caller, "caller");
        deadline.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the deadline must be positive, not " + d);
            }
        });
        if (classContext == 0) {
            throw new IllegalArgumentException("the class context must name at least one CLSCTX flag");
        }
    }

    /**
     * Returns {@code CLSCTX_LOCAL_SERVER}, the default caller and the host's default deadline.
     *
     * @return the defaults
     */
    public static ActivationOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with a deadline.
     *
     * @param value how long the activation may take, positive
     * @return the copy
     */
    public ActivationOptions withDeadline(Duration value) {
        return new ActivationOptions(Optional.of(value), caller, classContext);
    }

    /**
     * Returns a copy with a caller.
     *
     * @param value who asks
     * @return the copy
     */
    public ActivationOptions withCaller(Caller value) {
        return new ActivationOptions(deadline, Optional.of(value), classContext);
    }

    /**
     * Returns a copy with another class context.
     *
     * @param flags the {@code CLSCTX} flags, not 0
     * @return the copy
     */
    public ActivationOptions withClassContext(int flags) {
        return new ActivationOptions(deadline, caller, flags);
    }

    /**
     * Checks the class context for a host that runs local servers only.
     *
     * @throws ComException {@code E_INVALIDARG} for undefined bits; {@code REGDB_E_CLASSNOTREG} when neither
     *     {@code CLSCTX_LOCAL_SERVER} nor {@code CLSCTX_REMOTE_SERVER} is asked for
     */
    public void requireLocalServerContext() {
        if ((classContext & ~CLSCTX_VALID_MASK) != 0) {
            throw new ComException(HResult.E_INVALIDARG, String.format("the class context 0x%08X has bits no CLSCTX"
                    + " value defines (0x%08X)", classContext, classContext & ~CLSCTX_VALID_MASK));
        }
        if ((classContext & (CLSCTX_LOCAL_SERVER | CLSCTX_REMOTE_SERVER)) == 0) {
            throw new ComException(HResult.REGDB_E_CLASSNOTREG, String.format("the class context 0x%08X asks for"
                    + " in-process servers only, and this host runs local servers: add CLSCTX_LOCAL_SERVER (0x4)",
                    classContext));
        }
    }
}
