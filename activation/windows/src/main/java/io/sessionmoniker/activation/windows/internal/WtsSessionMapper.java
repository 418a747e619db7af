package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.policy.LogonType;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.Sid;
import io.sessionmoniker.policy.WtsState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the WTS API reported into the policy's {@link SessionView} and {@link SessionSnapshot}. Pure Java, so
 * every rule below is tested on every OS.
 *
 * <ul>
 *   <li>The id is the DWORD read unsigned. A session whose id is {@code 0xFFFFFFFF} (never seen; it is the
 *       "no session" value) or whose state is not a {@code WTS_CONNECTSTATE_CLASS} value 0..9 is left out and
 *       logged. A repeated id keeps the first entry.</li>
 *   <li>A user is reported only when WTS names one and the state can have one ({@link WtsState#hasUser()}:
 *       not Listen, Down, Reset or Init). Its name is {@code DOMAIN\}{@code user}; its SID comes from the
 *       {@link AccountResolver}. <b>Fallback:</b> when no SID can be found the session is reported <em>without</em>
 *       a user, and a warning is logged. This fails closed: the policy then treats the session as having nobody
 *       logged on, so nothing is launched into it under a guessed identity.</li>
 *   <li>The principal is an interactive logon ({@link LogonType#INTERACTIVE}) in {@code BUILTIN\Users}; group
 *       memberships such as Administrators are not read (that needs the user's token, which only LocalSystem may
 *       open), so the policy never sees a session owner as an administrator.</li>
 *   <li>The console id is the one {@code WTSGetActiveConsoleSessionId} returned; if it names no enumerated session
 *       (a session appearing or vanishing between the two calls) the snapshot says
 *       {@link SessionId#NO_CONSOLE}, as during a console switch.</li>
 * </ul>
 *
 * <pre>{@code
 * WtsSessionMapper mapper = new WtsSessionMapper((id, domain, user) -> Optional.of(Sid.machineAccount(1000)));
 * SessionSnapshot snap = mapper.snapshot(List.of(new RawWtsSession(1, "Console", 0, "alice", "PC")), 1);
 * snap.consoleSession().get().user().get().name();   // "PC\alice"
 * }</pre>
 */
public final class WtsSessionMapper {

    private static final System.Logger LOG = System.getLogger(WtsSessionMapper.class.getName());

    private final AccountResolver accounts;

    /**
     * Creates a mapper.
     *
     * @param accounts finds the SID of each session's user
     */
    public WtsSessionMapper(AccountResolver accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /**
     * Builds a snapshot.
     *
     * @param sessions what {@code WTSEnumerateSessionsW} and {@code WTSQuerySessionInformationW} reported
     * @param consoleSessionId what {@code WTSGetActiveConsoleSessionId} returned, read unsigned
     * @return the snapshot; never throws for odd input, which is dropped and logged as the class comment says
     */
    public SessionSnapshot snapshot(Collection<RawWtsSession> sessions, long consoleSessionId) {
        Set<Long> ids = new HashSet<>();
        List<RawWtsSession> usable = new ArrayList<>(sessions.size());
        for (RawWtsSession raw : sessions) {
            if (!usable(raw)) {
                continue;
            }
            if (!ids.add(raw.sessionId())) {
                LOG.log(System.Logger.Level.WARNING, "WTS reported session {0} twice; keeping the first entry",
                        raw.sessionId());
                continue;
            }
            usable.add(raw);
        }
        SessionId console = ids.contains(consoleSessionId) ? SessionId.of(consoleSessionId) : SessionId.NO_CONSOLE;
        if (!console.names(consoleSessionId)) {
            LOG.log(System.Logger.Level.DEBUG, "console session id {0} names no enumerated session;"
                    + " reporting no console", Long.toUnsignedString(consoleSessionId));
        }
        List<SessionView> views = new ArrayList<>(usable.size());
        for (RawWtsSession raw : usable) {
            views.add(toView(raw, console));
        }
        return SessionSnapshot.of(views, console);
    }

    /**
     * Returns the principal for a session's user, as a snapshot would report it.
     *
     * @param raw the session
     * @return the user, or empty when there is none, the state cannot have one, or no SID was found
     */
    public Optional<Principal> user(RawWtsSession raw) {
        if (!raw.hasUserName()) {
            return Optional.empty();
        }
        Optional<WtsState> state = state(raw.state());
        if (state.isEmpty() || !state.get().hasUser()) {
            LOG.log(System.Logger.Level.DEBUG, "session {0} in state {1} names user {2}; ignoring the user",
                    raw.sessionId(), raw.state(), raw.qualifiedUserName());
            return Optional.empty();
        }
        Optional<Sid> sid;
        try {
            sid = accounts.resolve(raw.sessionId(), raw.domainName(), raw.userName());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "looking up the SID of " + raw.qualifiedUserName() + " failed", e);
            sid = Optional.empty();
        }
        if (sid.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no SID found for {0}, logged on to session {1}; reporting the"
                    + " session without a user", raw.qualifiedUserName(), raw.sessionId());
            return Optional.empty();
        }
        return Optional.of(Principal.user(raw.qualifiedUserName(), sid.get()).logon(LogonType.INTERACTIVE).build());
    }

    private SessionView toView(RawWtsSession raw, SessionId console) {
        WtsState state = WtsState.fromValue(raw.state());
        return new SessionView(raw.sessionId(), raw.winStationName(), state, user(raw),
                console.names(raw.sessionId()));
    }

    private static boolean usable(RawWtsSession raw) {
        if (raw.sessionId() > 0xFFFF_FFFEL) {
            LOG.log(System.Logger.Level.WARNING, "WTS reported session id 0xFFFFFFFF; leaving it out");
            return false;
        }
        if (state(raw.state()).isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "session {0} has unknown WTS_CONNECTSTATE_CLASS value {1};"
                    + " leaving it out", raw.sessionId(), raw.state());
            return false;
        }
        return true;
    }

    private static Optional<WtsState> state(int value) {
        for (WtsState s : WtsState.values()) {
            if (s.value() == value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
