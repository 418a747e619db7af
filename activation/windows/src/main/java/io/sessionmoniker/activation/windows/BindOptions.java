package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.windows.internal.BindOptionsEncoder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The bind options the {@link WindowsMonikerBinder} puts in {@code BIND_OPTS3}: the class context (which kinds of
 * server may answer) and an optional deadline.
 *
 * <p>The default class context is {@link #CLSCTX_LOCAL_SERVER}: a session moniker activates an out-of-process
 * server in the target session, and a DLL server cannot run in another session. The deadline becomes
 * {@code dwTickCountDeadline} ({@code GetTickCount()} + duration); Windows documents it as a request that
 * moniker implementations should honour with {@code MK_E_EXCEEDEDDEADLINE}, and whether the session moniker does
 * is not confirmed, while COM's own server start timeout (60 seconds by default) applies either way.
 *
 * <pre>{@code
 * BindOptions opts = BindOptions.defaults().withDeadline(Duration.ofSeconds(30));
 * opts.classContext();   // 4, CLSCTX_LOCAL_SERVER
 * }</pre>
 *
 * @param classContext the {@code CLSCTX} flags, not 0
 * @param deadline how long the bind may take, or empty for no deadline; at most 2<sup>31</sup>−1 ms
 */
public record BindOptions(int classContext, Optional<Duration> deadline) {

    /** {@code CLSCTX_INPROC_SERVER}: a DLL in the caller's process. */
    public static final int CLSCTX_INPROC_SERVER = 0x1;
    /** {@code CLSCTX_LOCAL_SERVER}: an executable on this machine; the default. */
    public static final int CLSCTX_LOCAL_SERVER = 0x4;
    /** {@code CLSCTX_REMOTE_SERVER}: a server on another machine. */
    public static final int CLSCTX_REMOTE_SERVER = 0x10;
    /** The longest deadline {@code dwTickCountDeadline} can express: 2<sup>31</sup>−1 milliseconds. */
    public static final Duration MAX_DEADLINE = BindOptionsEncoder.MAX_DEADLINE;

    private static final BindOptions DEFAULTS = new BindOptions(CLSCTX_LOCAL_SERVER, Optional.empty());

    /**
     * Validates the components.
     *
     * @param classContext not 0
     * @param deadline not null; when present, positive and at most {@link #MAX_DEADLINE}
     */
    public BindOptions {
        if (classContext == 0) {
            throw new IllegalArgumentException("the class context must name at least one CLSCTX flag");
        }
        Objects.requireNonNull(deadline, "deadline");
        deadline.ifPresent(BindOptionsEncoder::checkedMillis);
    }

    /**
     * Returns {@code CLSCTX_LOCAL_SERVER} with no deadline.
     *
     * @return the defaults
     */
    public static BindOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy with another class context.
     *
     * @param flags the {@code CLSCTX} flags, not 0
     * @return the copy
     */
    public BindOptions withClassContext(int flags) {
        return new BindOptions(flags, deadline);
    }

    /**
     * Returns a copy with a deadline.
     *
     * @param timeout how long the bind may take, positive, at most {@link #MAX_DEADLINE}
     * @return the copy
     */
    public BindOptions withDeadline(Duration timeout) {
        return new BindOptions(classContext, Optional.of(timeout));
    }

    /**
     * Returns a copy without a deadline.
     *
     * @return the copy
     */
    public BindOptions withoutDeadline() {
        return new BindOptions(classContext, Optional.empty());
    }
}
