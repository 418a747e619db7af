package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionEvent;
import io.sessionmoniker.activation.SessionListener;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.internal.SessionListeners;
import io.sessionmoniker.activation.host.internal.Suggestions;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.internal.Ascii;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.LogonType;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.WtsState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded model of a Remote Desktop Session Host's sessions: session 0 for services, interactive sessions
 * from 1, listener sessions, and the one session attached to the physical console.
 *
 * <p>Operations follow Windows ({@code activation/README.md}, "Sessions", lists each rule and its source):
 * <ul>
 *   <li>{@link #logon} fills the console session when it has no user, else reconnects the user's disconnected
 *       session (one session per user, Windows' default), else creates an RDP session with the lowest free id;</li>
 *   <li>{@link #logoff} deletes an RDP session with its window station and desktops; the console session is never
 *       deleted: it stays, with no user, at the logon screen;</li>
 *   <li>{@link #disconnect}, {@link #reconnect}, {@link #reset}, {@link #lock}, {@link #unlock};</li>
 *   <li>a console switch ({@link #switchConsole}) passes through "no console" ({@code 0xFFFFFFFF}) and completes;
 *       {@link #beginConsoleSwitch()} and {@link #completeConsoleSwitch(SessionId)} expose the two halves.</li>
 * </ul>
 * Every change is announced to subscribers as a {@link SessionEvent} ({@code WM_WTSSESSION_CHANGE}), in order,
 * never while the manager's lock is held; a listener that throws is logged and the others still get the event.
 * Thread-safe; reads ({@link #snapshot()}) are cheap and always consistent.
 *
 * <pre>{@code
 * SessionManager m = SessionManager.builder(users)
 *         .session(1, "Console", WtsState.ACTIVE, "alice", true)
 *         .build();
 * long bobs = m.logon("bob");        // 2, a new RDP session
 * m.switchConsole(bobs);              // CONSOLE_DISCONNECT 1, CONSOLE_CONNECT 2
 * m.logoff(bobs);                     // the console session stays, with no user
 * }</pre>
 */
public final class SessionManager implements SessionProvider {

    private static final System.Logger LOG = System.getLogger(SessionManager.class.getName());
    private static final ThreadLocal<Boolean> DELIVERING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** The first id of listener sessions, as Windows numbers them. */
    public static final long FIRST_LISTENER_ID = 65536;
    /** The WinStation name of a console session. */
    public static final String CONSOLE_NAME = "Console";

    private final Object lock = new Object();
    private final UserDirectory users;
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private final ArrayDeque<SessionEvent> pending = new ArrayDeque<>();
    private final SessionListeners listeners = new SessionListeners(LOG);
    private final ReentrantLock delivery = new ReentrantLock();
    private SessionId consoleId = SessionId.NO_CONSOLE;
    private long sequence;
    private int nextRdpNumber;
    private volatile SessionSnapshot snapshot;

    /** One session's mutable state; guarded by {@link #lock}. */
    private static final class Session {
        final long id;
        String name;
        WtsState state;
        Principal user;
        boolean locked;

        Session(long id, String name, WtsState state, Principal user) {
            this.id = id;
            this.name = name;
            this.state = state;
            this.user = user;
        }

        boolean isListener() {
            return state == WtsState.LISTEN;
        }
    }

    private SessionManager(UserDirectory users) {
        this.users = users;
    }

    /**
     * Starts a manager over a set of accounts. Without further sessions the manager has session 0 ("Services"),
     * a console session 1 at the logon screen, and no listener.
     *
     * @param users the accounts that may log on
     * @return the builder
     */
    public static Builder builder(UserDirectory users) {
        return new Builder(users);
    }

    /**
     * Returns the accounts of this host.
     *
     * @return the directory
     */
    public UserDirectory users() {
        return users;
    }

    @Override
    public SessionSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public Subscription subscribe(SessionListener listener) {
        return listeners.add(listener);
    }

    private List<String> userNames() {
        return users.users().stream().map(Principal::name).toList();
    }

    /**
     * Resolves a caller the way {@code sessmon --as USER --from-session N} names one: the account from this host's
     * users ({@code SYSTEM} when none is named), in the given session, or else in session 0 for {@code SYSTEM} and
     * the user's first interactive session for a user (session 0 when the user has none).
     *
     * @param user the account name, or null for {@code SYSTEM}
     * @param session the caller's session, or empty for the default
     * @return the caller
     * @throws IllegalArgumentException naming the unknown user (and the known ones) or the missing session
     */
    public Caller caller(String user, OptionalLong session) {
        Principal principal = user == null ? Principal.system() : users.lookup(user)
                .orElseThrow(() -> new IllegalArgumentException("no such user in the scenario: " + user
                        + Suggestions.didYouMean(user, userNames()) + " (users: " + String.join(", ", userNames())
                        + ")"));
        if (session.isPresent()) {
            long id = session.getAsLong();
            if (id < 0 || id > 0xFFFF_FFFEL || session(id).isEmpty()) {
                throw new IllegalArgumentException("there is no session " + id);
            }
            return Caller.local(principal, id);
        }
        if (principal.isSystem()) {
            return Caller.local(principal, 0);
        }
        List<SessionView> own = snapshot().sessionsOf(principal).stream().filter(v -> v.id() != 0).toList();
        return Caller.local(principal, own.isEmpty() ? 0 : own.get(0).id());
    }

    /**
     * Tells whether a session is locked.
     *
     * @param id the session
     * @return {@code true} if locked
     * @throws SessionOperationException if there is no such session
     */
    public boolean isLocked(long id) {
        synchronized (lock) {
            return existing(id, "query").locked;
        }
    }

    // ---- operations --------------------------------------------------------------------------------------

    /**
     * Logs a user on: at the console if it has no user; else back into the user's own disconnected session;
     * else into a new RDP session with the lowest free id. A user already connected keeps its session.
     *
     * @param userName an account of {@link #users()}, not {@code SYSTEM}
     * @return the session id the user is logged on to
     * @throws SessionOperationException for an unknown account or {@code SYSTEM}
     */
    public long logon(String userName) {
        long id;
        synchronized (lock) {
            Principal user = users.lookup(userName).orElseThrow(() -> new SessionOperationException(
                    HResult.E_INVALIDARG, -1, "cannot log on \"" + userName + "\": no such user on this host"
                    + Suggestions.didYouMean(userName, userNames())));
            if (user.isSystem()) {
                throw new SessionOperationException(HResult.E_INVALIDARG, -1,
                        "SYSTEM cannot log on interactively; it runs services in session 0");
            }
            Optional<Session> own = sessions.values().stream()
                    .filter(s -> s.user != null && s.user.sid().equals(user.sid())).findFirst();
            if (own.isPresent()) {
                Session s = own.get();
                id = s.id;
                if (s.state == WtsState.DISCONNECTED) {
                    s.state = WtsState.ACTIVE;
                    emit(consoleId.names(s.id) ? SessionChange.CONSOLE_CONNECT : SessionChange.REMOTE_CONNECT, s);
                }
            } else {
                Session console = consoleId.isSession() ? sessions.get(consoleId.id()) : null;
                if (console != null && console.user == null) {
                    console.user = user;
                    console.state = WtsState.ACTIVE;
                    emit(SessionChange.SESSION_LOGON, console);
                    id = console.id;
                } else {
                    Session s = new Session(lowestFreeId(), "RDP-Tcp#" + nextRdpNumber++, WtsState.ACTIVE, user);
                    sessions.put(s.id, s);
                    emit(SessionChange.SESSION_CREATE, s);
                    emit(SessionChange.REMOTE_CONNECT, s);
                    emit(SessionChange.SESSION_LOGON, s);
                    id = s.id;
                }
            }
            changed();
        }
        deliver();
        return id;
    }

    /**
     * Logs the user of a session off. An RDP session is deleted with its window station and desktops; the
     * console session is never deleted: it stays, with no user, at the logon screen.
     *
     * @param id the session
     * @throws SessionOperationException for session 0, a listener, an unknown session or one with no user
     */
    public void logoff(long id) {
        synchronized (lock) {
            Session s = interactive(id, "log off");
            if (s.user == null) {
                throw new SessionOperationException(HResult.ERROR_NO_TOKEN, id,
                        "cannot log off session " + id + ": no user is logged on");
            }
            endUser(s);
            changed();
        }
        deliver();
    }

    /**
     * Disconnects a session's client; the user stays logged on. Disconnecting the console session is Windows'
     * "switch user": the console detaches ({@link SessionId#NO_CONSOLE}) and a new session at the logon screen
     * attaches.
     *
     * @param id the session
     * @throws SessionOperationException if the session is not connected, has no user, or cannot be disconnected
     */
    public void disconnect(long id) {
        synchronized (lock) {
            Session s = interactive(id, "disconnect");
            if (s.state == WtsState.DISCONNECTED) {
                throw new SessionOperationException(HResult.E_INVALIDARG, id,
                        "cannot disconnect session " + id + ": it is already disconnected");
            }
            if (s.user == null) {
                throw new SessionOperationException(HResult.ERROR_NO_TOKEN, id, "cannot disconnect session " + id
                        + ": no user is logged on (it is at the logon screen)");
            }
            if (consoleId.names(id)) {
                detachConsole();
                attachConsole(newLogonScreenSession());
            } else {
                s.state = WtsState.DISCONNECTED;
                emit(SessionChange.REMOTE_DISCONNECT, s);
            }
            changed();
        }
        deliver();
    }

    /**
     * Reconnects a disconnected session from a remote client.
     *
     * @param id the session
     * @throws SessionOperationException unless the session is disconnected with a user logged on
     */
    public void reconnect(long id) {
        synchronized (lock) {
            Session s = interactive(id, "reconnect");
            if (s.state != WtsState.DISCONNECTED || s.user == null) {
                throw new SessionOperationException(HResult.E_INVALIDARG, id, "cannot reconnect session " + id
                        + ": only a disconnected session with a logged-on user can be reconnected (it is "
                        + s.state.label() + ")");
            }
            s.state = WtsState.ACTIVE;
            emit(SessionChange.REMOTE_CONNECT, s);
            changed();
        }
        deliver();
    }

    /**
     * Resets a session: its user, if any, is logged off at once and an RDP session is deleted; the console
     * session stays, with no user.
     *
     * @param id the session
     * @throws SessionOperationException for session 0, a listener or an unknown session
     */
    public void reset(long id) {
        synchronized (lock) {
            Session s = interactive(id, "reset");
            if (s.user != null) {
                endUser(s);
            } else if (!consoleId.names(id)) {
                sessions.remove(id);
                emit(SessionChange.SESSION_TERMINATE, s);
            }
            changed();
        }
        deliver();
    }

    /**
     * Locks a session (its user stays logged on, the Winlogon desktop shows).
     *
     * @param id the session
     * @throws SessionOperationException unless a user is logged on and the session is unlocked
     */
    public void lock(long id) {
        setLocked(id, true);
    }

    /**
     * Unlocks a session.
     *
     * @param id the session
     * @throws SessionOperationException unless the session is locked
     */
    public void unlock(long id) {
        setLocked(id, false);
    }

    /**
     * Attaches a session to the console: the current console session detaches (the console id reads
     * {@link SessionId#NO_CONSOLE}), then {@code id} attaches. A detached session with a user stays, disconnected;
     * a detached session at the logon screen ends, as Windows ends that Winlogon-only session.
     *
     * @param id the session to attach; not session 0 or a listener
     * @throws SessionOperationException if the session cannot be attached
     */
    public void switchConsole(long id) {
        synchronized (lock) {
            Session target = interactive(id, "attach to the console");
            if (consoleId.names(id)) {
                throw new SessionOperationException(HResult.E_INVALIDARG, id,
                        "session " + id + " is already attached to the console");
            }
            if (!consoleId.equals(SessionId.NO_CONSOLE)) {
                detachConsole();
            }
            attachConsole(target);
            changed();
        }
        deliver();
    }

    /**
     * The first half of a console switch: detaches the console session, leaving the console id at
     * {@link SessionId#NO_CONSOLE} until {@link #completeConsoleSwitch(SessionId)}.
     *
     * @throws SessionOperationException if no session is attached
     */
    public void beginConsoleSwitch() {
        synchronized (lock) {
            if (consoleId.equals(SessionId.NO_CONSOLE)) {
                throw new SessionOperationException(HResult.E_INVALIDARG, -1,
                        "no session is attached to the console; a switch is already under way");
            }
            detachConsole();
            changed();
        }
        deliver();
    }

    /**
     * The second half of a console switch: attaches a session to the detached console.
     *
     * @param id the session, or {@link SessionId#NO_CONSOLE} for a new session at the logon screen
     * @throws SessionOperationException if a session is still attached or {@code id} cannot be attached (it is
     *     {@link SessionId#ANY}, session 0, a listener or no session)
     */
    public void completeConsoleSwitch(SessionId id) {
        synchronized (lock) {
            long number = id.isSession() ? id.id() : -1;
            if (!consoleId.equals(SessionId.NO_CONSOLE)) {
                throw new SessionOperationException(HResult.E_INVALIDARG, number, "session " + consoleId
                        + " is attached to the console; begin a switch first");
            }
            if (id.equals(SessionId.ANY)) {
                throw new SessionOperationException(HResult.E_INVALIDARG, -1, "cannot attach " + id
                        + " to the console: name a session, or SessionId.NO_CONSOLE for a new one");
            }
            attachConsole(id.equals(SessionId.NO_CONSOLE) ? newLogonScreenSession() : interactive(number, "attach"));
            changed();
        }
        deliver();
    }

    // ---- internals (all called with the lock held) --------------------------------------------------------

    private void setLocked(long id, boolean locked) {
        synchronized (lock) {
            Session s = interactive(id, locked ? "lock" : "unlock");
            if (s.user == null || s.locked == locked) {
                throw new SessionOperationException(HResult.E_INVALIDARG, id, "cannot " + (locked ? "lock" : "unlock")
                        + " session " + id + ": " + (s.user == null ? "no user is logged on"
                        : "it is already " + (locked ? "locked" : "unlocked")));
            }
            s.locked = locked;
            emit(locked ? SessionChange.SESSION_LOCK : SessionChange.SESSION_UNLOCK, s);
            changed();
        }
        deliver();
    }

    /** Logs the user off; deletes the session unless it is the console. */
    private void endUser(Session s) {
        emit(SessionChange.SESSION_LOGOFF, s);
        if (consoleId.names(s.id)) {
            s.user = null;
            s.locked = false;
            s.state = WtsState.CONNECTED;
        } else {
            if (s.state != WtsState.DISCONNECTED) {
                emit(SessionChange.REMOTE_DISCONNECT, s);
            }
            sessions.remove(s.id);
            emit(SessionChange.SESSION_TERMINATE, s);
        }
    }

    private void detachConsole() {
        Session old = sessions.get(consoleId.id());
        consoleId = SessionId.NO_CONSOLE;
        emit(SessionChange.CONSOLE_DISCONNECT, old);
        if (old.user == null) {
            sessions.remove(old.id);
            emit(SessionChange.SESSION_TERMINATE, old);
        } else {
            old.state = WtsState.DISCONNECTED;
        }
    }

    private void attachConsole(Session target) {
        if (target.state != WtsState.DISCONNECTED && target.user != null) {
            emit(SessionChange.REMOTE_DISCONNECT, target);
        }
        consoleId = SessionId.of(target.id);
        target.state = target.user == null ? WtsState.CONNECTED : WtsState.ACTIVE;
        emit(SessionChange.CONSOLE_CONNECT, target);
    }

    private Session newLogonScreenSession() {
        Session s = new Session(lowestFreeId(), CONSOLE_NAME, WtsState.CONNECTED, null);
        sessions.put(s.id, s);
        emit(SessionChange.SESSION_CREATE, s);
        return s;
    }

    /** Windows reuses session ids: a new session gets the lowest id from 1 that no session has. */
    private long lowestFreeId() {
        long id = 1;
        while (sessions.containsKey(id)) {
            id++;
        }
        return id;
    }

    private Session existing(long id, String what) {
        Session s = sessions.get(id);
        if (s == null) {
            throw new SessionOperationException(HResult.ERROR_CTX_WINSTATION_NOT_FOUND, id,
                    "cannot " + what + " session " + id + ": there is no such session");
        }
        return s;
    }

    private Session interactive(long id, String what) {
        if (id == 0) {
            throw new SessionOperationException(HResult.E_INVALIDARG, 0, "cannot " + what
                    + " session 0: it hosts services and has no interactive user");
        }
        Session s = existing(id, what);
        if (s.isListener()) {
            throw new SessionOperationException(HResult.E_INVALIDARG, id, "cannot " + what + " session " + id
                    + ": it is a listener (" + s.name + ") and never has a user");
        }
        return s;
    }

    private void emit(SessionChange change, Session s) {
        pending.add(new SessionEvent(++sequence, change, s.id, Optional.ofNullable(s.user).map(Principal::name)));
    }

    /** Publishes a new snapshot; called after every change, with the lock held. */
    private void changed() {
        List<SessionView> views = new ArrayList<>(sessions.size());
        for (Session s : sessions.values()) {
            views.add(new SessionView(s.id, s.name, s.state,
                    Optional.ofNullable(s.user).map(u -> u.withLogon(LogonType.INTERACTIVE)), consoleId.names(s.id)));
        }
        snapshot = SessionSnapshot.of(views, consoleId);
    }

    /**
     * Delivers queued events, in order, outside the state lock. One thread delivers at a time; a listener that
     * changes sessions from its callback has its events delivered after the current one, by the same loop.
     */
    private void deliver() {
        if (DELIVERING.get()) {
            return;
        }
        delivery.lock();
        DELIVERING.set(Boolean.TRUE);
        try {
            while (true) {
                SessionEvent event;
                synchronized (lock) {
                    event = pending.poll();
                }
                if (event == null) {
                    return;
                }
                listeners.deliver(event);
            }
        } finally {
            DELIVERING.set(Boolean.FALSE);
            delivery.unlock();
        }
    }

    /** Builds a {@link SessionManager} with the sessions of a scenario. */
    public static final class Builder {
        private final UserDirectory users;
        private final List<Object[]> specs = new ArrayList<>();

        private Builder(UserDirectory users) {
            this.users = Objects.requireNonNull(users, "users");
        }

        /**
         * Adds a session.
         *
         * @param id the id: 0 for services (no user), 1..65535 for interactive sessions, 65536 and up for listeners
         * @param name the WinStation name
         * @param state the state; a listener is {@link WtsState#LISTEN}
         * @param user the logged-on user's name, or null
         * @param console whether it is attached to the console (at most one session)
         * @return this builder
         */
        public Builder session(long id, String name, WtsState state, String user, boolean console) {
            specs.add(new Object[] {id, name, state, user, console});
            return this;
        }

        /**
         * Builds the manager. Session 0 ("Services") is added if missing; without any session flagged as the
         * console, a console session at the logon screen is added with the lowest free id.
         *
         * @return the manager
         * @throws IllegalArgumentException if the sessions break the model's rules (naming which and why)
         */
        public SessionManager build() {
            SessionManager m = new SessionManager(users);
            SessionId console = SessionId.NO_CONSOLE;
            for (Object[] spec : specs) {
                long id = (Long) spec[0];
                String name = (String) spec[1];
                WtsState state = (WtsState) spec[2];
                String userName = (String) spec[3];
                boolean isConsole = (Boolean) spec[4];
                String where = "session " + id + ": ";
                if (id < 0 || id > 0xFFFF_FFFEL) {
                    throw new IllegalArgumentException(where + "ids run from 0 to 4294967294");
                }
                if (m.sessions.containsKey(id)) {
                    throw new IllegalArgumentException(where + "defined twice");
                }
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(where + "needs a name");
                }
                Objects.requireNonNull(state, "state");
                Principal user = null;
                if (userName != null) {
                    user = users.lookup(userName).orElseThrow(() -> new IllegalArgumentException(
                            where + "user \"" + userName + "\" is not defined"));
                    if (user.isSystem()) {
                        throw new IllegalArgumentException(where + "SYSTEM cannot be logged on interactively");
                    }
                    for (Session other : m.sessions.values()) {
                        if (other.user != null && other.user.sid().equals(user.sid())) {
                            throw new IllegalArgumentException(where + "user \"" + userName + "\" is already logged"
                                    + " on to session " + other.id + " (one session per user)");
                        }
                    }
                }
                if (id == 0 && (user != null || isConsole || state == WtsState.LISTEN)) {
                    throw new IllegalArgumentException(where + "session 0 hosts services: no user, not the console,"
                            + " not a listener");
                }
                if ((state == WtsState.LISTEN) != (id >= FIRST_LISTENER_ID)) {
                    throw new IllegalArgumentException(where + (state == WtsState.LISTEN
                            ? "listener sessions have ids from 65536" : "ids from 65536 are for listener sessions"));
                }
                if (user != null && !state.hasUser()) {
                    throw new IllegalArgumentException(where + "a " + state.label() + " session cannot have a user");
                }
                if (user == null && (state == WtsState.ACTIVE || state == WtsState.DISCONNECTED) && id != 0) {
                    throw new IllegalArgumentException(where + "an " + state.label() + " session needs a user");
                }
                if (isConsole) {
                    if (!console.equals(SessionId.NO_CONSOLE)) {
                        throw new IllegalArgumentException(where + "session " + console + " is already the console");
                    }
                    if (state == WtsState.DISCONNECTED) {
                        throw new IllegalArgumentException(where + "the console session is connected, not Disconnected");
                    }
                    console = SessionId.of(id);
                }
                m.sessions.put(id, new Session(id, name, state, user));
                if (Ascii.regionMatchesIgnoreCase(name, 0, "rdp-tcp#")) {
                    try {
                        m.nextRdpNumber = Math.max(m.nextRdpNumber, Integer.parseInt(name.substring(8)) + 1);
                    } catch (NumberFormatException ignored) {
                        // a custom name; numbering continues from where it was
                    }
                }
            }
            m.sessions.computeIfAbsent(0L, id -> new Session(0, "Services", WtsState.DISCONNECTED, null));
            if (console.equals(SessionId.NO_CONSOLE)) {
                Session s = new Session(m.lowestFreeId(), CONSOLE_NAME, WtsState.CONNECTED, null);
                m.sessions.put(s.id, s);
                console = SessionId.of(s.id);
            }
            m.consoleId = console;
            m.changed();
            return m;
        }
    }
}
