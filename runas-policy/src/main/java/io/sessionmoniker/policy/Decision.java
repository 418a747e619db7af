package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.HResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link ActivationPolicy#decide(ActivationRequest)}: where and as whom the server runs, or why
 * it may not, or that the decision must wait for the console to attach — always with the ordered trace of every
 * rule applied, in plain words. Denial is data: the policy never throws to say no.
 *
 * <pre>{@code
 * Decision d = ActivationPolicy.decide(request);
 * if (d.isAllowed()) {
 *     d.sessionId();      // 1
 *     d.user().name();    // "alice"
 *     d.fallback();       // true: the caller was in session 0
 * } else if (d.outcome() == Decision.Outcome.DENIED) {
 *     d.errorName();      // "E_ACCESSDENIED"
 * }
 * d.trace().forEach(System.out::println);
 * }</pre>
 *
 * <p>Accessors that belong to another outcome throw {@link IllegalStateException}.
 */
public final class Decision {

    /** What was decided. */
    public enum Outcome {
        /** The activation may go ahead in the session and identity given. */
        ALLOWED,
        /** The activation is refused; see {@link #hresult()} and {@link #reason()}. */
        DENIED,
        /**
         * No session is attached to the console ({@code 0xFFFFFFFF}) and the decision depends on it: the activator
         * waits (up to its bind deadline) for a console attach and decides again.
         */
        WAIT_FOR_CONSOLE
    }

    private final Outcome outcome;
    private final List<String> trace;
    // ALLOWED
    private final IdentityKind identity;
    private final long sessionId;
    private final Principal user;
    private final String windowStation;
    private final String desktop;
    private final boolean fallback;
    private final boolean mayLaunch;
    private final ServerKey serverKey;
    // DENIED
    private final int hresult;
    private final String reason;

    private Decision(Outcome outcome, List<String> trace, IdentityKind identity, long sessionId, Principal user,
            String windowStation, String desktop, boolean fallback, boolean mayLaunch, ServerKey serverKey,
            int hresult, String reason) {
        this.outcome = outcome;
        this.trace = List.copyOf(trace);
        this.identity = identity;
        this.sessionId = sessionId;
        this.user = user;
        this.windowStation = windowStation;
        this.desktop = desktop;
        this.fallback = fallback;
        this.mayLaunch = mayLaunch;
        this.serverKey = serverKey;
        this.hresult = hresult;
        this.reason = reason;
    }

    /**
     * Makes an allowed decision. The policy engine makes decisions; this is public so that a client of a host in
     * another process can rebuild the decision the host reported.
     *
     * @param trace the rules applied, in order
     * @param key where the server runs
     * @param user the account the server runs as
     * @param fallback whether the console fallback chose the session
     * @param mayLaunch whether the caller may launch a server (else only bind to a running one)
     * @return the decision
     */
    public static Decision allowed(List<String> trace, ServerKey key, Principal user, boolean fallback,
            boolean mayLaunch) {
        return new Decision(Outcome.ALLOWED, trace, key.identity(), key.sessionId(), Objects.requireNonNull(user),
                key.windowStation(), key.desktop(), fallback, mayLaunch, key, 0, null);
    }

    /**
     * Makes a denial (public for the same reason as {@link #allowed}).
     *
     * @param trace the rules applied, in order
     * @param hresult the failure HRESULT
     * @param reason the reason in plain words
     * @return the decision
     */
    public static Decision denied(List<String> trace, int hresult, String reason) {
        return new Decision(Outcome.DENIED, trace, null, -1, null, null, null, false, false, null, hresult,
                Objects.requireNonNull(reason));
    }

    static Decision waitForConsole(List<String> trace) {
        return new Decision(Outcome.WAIT_FOR_CONSOLE, trace, null, -1, null, null, null, false, false, null, 0, null);
    }

    /**
     * Returns what was decided.
     *
     * @return the outcome
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Tells whether the activation may go ahead.
     *
     * @return {@code true} for {@link Outcome#ALLOWED}
     */
    public boolean isAllowed() {
        return outcome == Outcome.ALLOWED;
    }

    /**
     * Returns the rules applied, in order, in plain words.
     *
     * @return an unmodifiable list
     */
    public List<String> trace() {
        return trace;
    }

    /**
     * Returns how the identity was chosen.
     *
     * @return the identity kind
     */
    public IdentityKind identity() {
        requireAllowed();
        return identity;
    }

    /**
     * Returns the session the server runs in.
     *
     * @return the session id
     */
    public long sessionId() {
        requireAllowed();
        return sessionId;
    }

    /**
     * Returns the identity the server runs as.
     *
     * @return the principal
     */
    public Principal user() {
        requireAllowed();
        return user;
    }

    /**
     * Returns the window station the server runs in: {@code WinSta0} for an interactive user, a
     * {@code Service-0x0-…$} station for a non-interactive logon.
     *
     * @return the window station name
     */
    public String windowStation() {
        requireAllowed();
        return windowStation;
    }

    /**
     * Returns the desktop the server runs on.
     *
     * @return the desktop name, {@code Default}
     */
    public String desktop() {
        requireAllowed();
        return desktop;
    }

    /**
     * Tells whether the session was chosen by a fallback to the console session.
     *
     * @return {@code true} if a fallback was taken
     */
    public boolean fallback() {
        requireAllowed();
        return fallback;
    }

    /**
     * Tells whether the caller may launch a new server; when false it may only bind to one already running.
     *
     * @return {@code true} if the launch permission grants launching
     */
    public boolean mayLaunch() {
        requireAllowed();
        return mayLaunch;
    }

    /**
     * Returns the key under which a running server may be reused.
     *
     * @return the key
     */
    public ServerKey serverKey() {
        requireAllowed();
        return serverKey;
    }

    /**
     * Returns the HRESULT of a denial.
     *
     * @return the failure code
     */
    public int hresult() {
        requireDenied();
        return hresult;
    }

    /**
     * Returns the symbolic name of the denial's HRESULT.
     *
     * @return for example {@code "E_ACCESSDENIED"}
     */
    public String errorName() {
        requireDenied();
        return HResult.nameOf(hresult);
    }

    /**
     * Returns why the activation was denied, in plain words.
     *
     * @return the reason
     */
    public String reason() {
        requireDenied();
        return reason;
    }

    /**
     * Returns the denial as an exception carrying its HRESULT, reason and trace, for callers that throw.
     *
     * @return the exception, or empty unless denied
     */
    public Optional<ActivationDeniedException> toException() {
        return outcome == Outcome.DENIED ? Optional.of(new ActivationDeniedException(this)) : Optional.empty();
    }

    private void requireAllowed() {
        if (outcome != Outcome.ALLOWED) {
            throw new IllegalStateException("the decision is " + outcome + ", not ALLOWED");
        }
    }

    private void requireDenied() {
        if (outcome != Outcome.DENIED) {
            throw new IllegalStateException("the decision is " + outcome + ", not DENIED");
        }
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case ALLOWED -> "ALLOWED " + serverKey + (fallback ? " (fallback)" : "") + (mayLaunch ? "" : " (bind only)");
            case DENIED -> "DENIED " + HResult.nameOf(hresult) + ": " + reason;
            case WAIT_FOR_CONSOLE -> "WAIT_FOR_CONSOLE";
        };
    }
}
