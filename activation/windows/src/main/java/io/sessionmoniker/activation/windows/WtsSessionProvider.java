package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.SessionListener;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.windows.internal.AccountResolver;
import io.sessionmoniker.activation.windows.internal.JnaWtsNatives;
import io.sessionmoniker.activation.windows.internal.RawWtsSession;
import io.sessionmoniker.activation.windows.internal.SessionEventDispatcher;
import io.sessionmoniker.activation.windows.internal.SessionEventTranslator;
import io.sessionmoniker.activation.windows.internal.WtsNatives;
import io.sessionmoniker.activation.windows.internal.WtsSessionMapper;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import io.sessionmoniker.policy.Sid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine's real Remote Desktop sessions, read through the WTS API: a {@link SessionProvider} for the Windows
 * backend.
 *
 * <ul>
 *   <li>{@link #snapshot()}: {@code WTSGetActiveConsoleSessionId}, {@code WTSEnumerateSessionsW}, and for each
 *       session {@code WTSQuerySessionInformationW} ({@code WTSUserName}, {@code WTSDomainName}), then
 *       {@code WTSGetActiveConsoleSessionId} again; if the console moved meanwhile, the reads are repeated (up to
 *       three times). Each user's SID is found with {@code LookupAccountNameW} ({@code DOMAIN\}{@code user}), else
 *       from the session's token ({@code WTSQueryUserToken}, LocalSystem only); a user whose SID cannot be found
 *       is left out, so the session reads as having nobody logged on (the rules are in {@code WtsSessionMapper}).
 *       Users are named {@code DOMAIN\}{@code user}.</li>
 *   <li>{@link #consoleSessionId()}: {@code WTSGetActiveConsoleSessionId} alone; its {@code 0xFFFFFFFF} while
 *       the console is switching reads as {@link SessionId#NO_CONSOLE}.</li>
 *   <li>{@link #subscribe}: the first subscription creates a hidden message-only window on its own thread,
 *       registered with {@code WTSRegisterSessionNotification(NOTIFY_FOR_ALL_SESSIONS)}; each
 *       {@code WM_WTSSESSION_CHANGE} becomes a numbered {@link io.sessionmoniker.activation.SessionEvent},
 *       delivered in order on a separate delivery thread, never while a lock is held. The window and both
 *       threads live until {@link #close()}.</li>
 * </ul>
 *
 * <p>Thread-safe. Needs no privileges, except that a user's SID found only through the token needs
 * {@code SE_TCB_NAME}. Not yet run on Windows by this project; see {@code activation/README.md}, "On Windows".
 *
 * <pre>{@code
 * try (WtsSessionProvider sessions = WindowsBackend.sessionProvider()) {
 *     for (SessionView s : sessions.sessions()) {
 *         System.out.println(s.describe());     // session 1 (Console, PC\alice, Active, console)
 *     }
 *     try (SessionProvider.Subscription sub = sessions.subscribe(e -> System.out.println(e))) {
 *         …                                        // #1 SESSION_LOCK session 1 (PC\alice)
 *     }
 * }
 * }</pre>
 */
public final class WtsSessionProvider implements SessionProvider, AutoCloseable {

    private static final int SNAPSHOT_ATTEMPTS = 3;

    private final WtsNatives wts;
    private final WtsSessionMapper mapper;
    private final Object lock = new Object();
    private SessionEventDispatcher dispatcher;
    private SessionEventTranslator translator;
    private WtsNatives.NotificationHandle notifications;
    private boolean closed;

    /**
     * Creates a provider over some WTS implementation: {@link JnaWtsNatives} on Windows, a fake in tests.
     *
     * @param wts the WTS calls
     */
    WtsSessionProvider(WtsNatives wts) {
        this.wts = Objects.requireNonNull(wts, "wts");
        this.mapper = new WtsSessionMapper(resolverOver(wts));
    }

    /**
     * Opens the provider over this machine's WTS API. {@link WindowsBackend#sessionProvider()} is the usual way.
     *
     * @return the provider; nothing native is started until the first call
     * @throws ComException {@code E_NOTIMPL} when not running on Windows
     */
    public static WtsSessionProvider open() {
        WindowsBackend.requireSupported();
        return new WtsSessionProvider(new JnaWtsNatives());
    }

    /**
     * Reads every session and the console id as of one moment (see the class comment for the calls).
     *
     * @return the snapshot
     * @throws ComException when {@code WTSEnumerateSessionsW} fails
     */
    @Override
    public SessionSnapshot snapshot() {
        List<RawWtsSession> raw = null;
        long console = SessionId.NO_CONSOLE.wireValue();
        for (int attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
            long before = wts.activeConsoleSessionId();
            raw = wts.enumerateSessions();
            console = wts.activeConsoleSessionId();
            if (before == console) {
                break;
            }
        }
        return mapper.snapshot(raw, console);
    }

    /**
     * Returns {@code WTSGetActiveConsoleSessionId()} directly, without a snapshot.
     *
     * @return the console session id, or {@link SessionId#NO_CONSOLE} while the console is switching
     */
    @Override
    public SessionId consoleSessionId() {
        return SessionId.fromConsoleWire(wts.activeConsoleSessionId());
    }

    /**
     * Subscribes to session changes. The first subscription starts the notification window and the delivery
     * thread; a failure to start them is thrown here and leaves no subscription behind.
     *
     * @param listener receives each change on the delivery thread
     * @return the subscription
     * @throws ComException when the notification window cannot be created or registered
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Subscription subscribe(SessionListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the WTS session provider is closed");
            }
            if (dispatcher == null) {
                dispatcher = new SessionEventDispatcher("sessionmoniker-wts-events");
            }
            Subscription subscription = dispatcher.subscribe(listener);
            if (notifications == null) {
                try {
                    translator = new SessionEventTranslator(currentUsers());
                    notifications = wts.startNotifications(this::onNotification);
                } catch (RuntimeException e) {
                    subscription.close();
                    throw e;
                }
            }
            return subscription;
        }
    }

    /**
     * Stops notifications: unregisters and destroys the window, ends its thread, delivers the changes already
     * received and ends the delivery thread. {@link #snapshot()} keeps working; {@link #subscribe} fails.
     * Idempotent.
     */
    @Override
    public void close() {
        WtsNatives.NotificationHandle n;
        SessionEventDispatcher d;
        synchronized (lock) {
            closed = true;
            n = notifications;
            d = dispatcher;
            notifications = null;
        }
        if (n != null) {
            n.close();
        }
        if (d != null) {
            d.close();
        }
    }

    /** On the notification thread: translate and queue; never blocks on a listener. */
    private void onNotification(long wParam, long lParam) {
        SessionEventTranslator t;
        SessionEventDispatcher d;
        synchronized (lock) {
            t = translator;
            d = dispatcher;
        }
        if (t == null || d == null) {
            return;
        }
        t.translate(wParam, lParam, wts::sessionUser)
                .ifPresent(c -> d.publish(c.change(), c.sessionId(), c.user()));
    }

    private Map<Long, String> currentUsers() {
        Map<Long, String> users = new HashMap<>();
        for (SessionView s : snapshot().sessions()) {
            s.user().ifPresent(u -> users.put(s.id(), u.name()));
        }
        return users;
    }

    private static AccountResolver resolverOver(WtsNatives wts) {
        return (sessionId, domain, user) -> {
            Optional<Sid> sid = wts.lookupAccount(domain, user);
            return sid.isPresent() ? sid : wts.tokenUser(sessionId);
        };
    }
}
