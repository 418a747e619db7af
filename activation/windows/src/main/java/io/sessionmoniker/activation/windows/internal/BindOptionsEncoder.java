package io.sessionmoniker.activation.windows.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Fills a {@link BIND_OPTS3} from the binder's settings. Pure Java, tested on every OS.
 *
 * <p>{@code dwTickCountDeadline} is not a duration but a moment on the {@code GetTickCount()} clock, which counts
 * milliseconds since boot in 32 bits and wraps every 49.7 days; 0 means "no deadline". So the deadline is
 * {@code now + duration} in 32-bit arithmetic, rounded up to whole milliseconds, and a result that lands exactly
 * on 0 is moved to 1. Windows compares tick counts modulo 2<sup>32</sup>, so durations are limited to
 * 2<sup>31</sup>−1 ms (24.8 days).
 *
 * <pre>{@code
 * BindOptionsEncoder.deadlineTick(1_000, Optional.of(Duration.ofSeconds(30)));   // 31_000
 * BindOptionsEncoder.deadlineTick(-10, Optional.of(Duration.ofMillis(10)));       // 1: would be 0, which means none
 * }</pre>
 */
public final class BindOptionsEncoder {

    /** The longest deadline: 2<sup>31</sup>−1 milliseconds. */
    public static final Duration MAX_DEADLINE = Duration.ofMillis(Integer.MAX_VALUE);

    private BindOptionsEncoder() {
    }

    /**
     * Computes {@code dwTickCountDeadline}.
     *
     * @param nowTick {@code GetTickCount()} now
     * @param deadline how long the bind may take, or empty for no deadline
     * @return the tick count, 0 when there is no deadline, never 0 otherwise
     * @throws IllegalArgumentException for a duration that is not positive or exceeds {@link #MAX_DEADLINE}
     */
    public static int deadlineTick(int nowTick, Optional<Duration> deadline) {
        if (deadline.isEmpty()) {
            return 0;
        }
        long millis = checkedMillis(deadline.get());
        int tick = nowTick + (int) millis;      // 32-bit wrap-around, as GetTickCount wraps
        return tick == 0 ? 1 : tick;
    }

    /**
     * Rounds a deadline up to whole milliseconds, checking its range.
     *
     * @param deadline the duration
     * @return milliseconds, {@code 1..2^31-1}
     * @throws IllegalArgumentException for a duration that is not positive or exceeds {@link #MAX_DEADLINE}
     */
    public static long checkedMillis(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a bind deadline must be positive: " + deadline);
        }
        if (deadline.compareTo(MAX_DEADLINE) > 0) {
            throw new IllegalArgumentException("a bind deadline is at most " + MAX_DEADLINE
                    + " (GetTickCount wraps at 2^32 ms): " + deadline);
        }
        long nanos = deadline.toNanos();
        return (nanos + 999_999) / 1_000_000;
    }

    /**
     * Changes the options read from a bind context ({@code IBindCtx::GetBindOptions}) before they are written back:
     * sets {@code cbStruct} to {@code sizeof(BIND_OPTS3)}, the class context and the deadline; keeps the rest
     * (flags, mode, locale, server info, window) as the bind context had them.
     *
     * @param options the options to change
     * @param classContext the {@code CLSCTX} flags
     * @param deadline the deadline, or empty for none
     * @param nowTick {@code GetTickCount()} now
     */
    public static void apply(BIND_OPTS3 options, int classContext, Optional<Duration> deadline, int nowTick) {
        options.cbStruct = options.size();
        options.dwClassContext = classContext;
        options.dwTickCountDeadline = deadlineTick(nowTick, deadline);
    }

    /**
     * Builds complete options for {@code CoGetObject}, which has no bind context to read defaults from: the values
     * {@code CreateBindCtx} documents for {@code BIND_OPTS} ({@code grfFlags} 0, {@code grfMode}
     * {@code STGM_READWRITE}), no link tracking, no server info, no window, and the given locale.
     *
     * @param classContext the {@code CLSCTX} flags
     * @param deadline the deadline, or empty for none
     * @param nowTick {@code GetTickCount()} now
     * @param locale the LCID ({@code GetUserDefaultLCID()})
     * @return the options
     */
    public static BIND_OPTS3 fresh(int classContext, Optional<Duration> deadline, int nowTick, int locale) {
        BIND_OPTS3 options = new BIND_OPTS3();
        options.grfFlags = 0;
        options.grfMode = BIND_OPTS3.STGM_READWRITE;
        options.dwTrackFlags = 0;
        options.locale = locale;
        options.pServerInfo = null;
        options.hwnd = null;
        apply(options, classContext, deadline, nowTick);
        return options;
    }
}
