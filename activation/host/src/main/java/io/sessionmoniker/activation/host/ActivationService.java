package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.orpc.objref.ObjRef;
import io.sessionmoniker.activation.orpc.objref.OrpcExtent;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.orpc.runtime.IClassFactory;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.policy.ActivationPolicy;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Decision;
import io.sessionmoniker.policy.SecurityDescriptor;
import io.sessionmoniker.policy.SessionId;
import java.time.Duration;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one entry point of activation in a session host: every front end (the in-process {@link SessionHost}, the
 * {@link HostDaemon} for its clients, and the network side) hands it a parsed moniker and a caller, and it plans,
 * waits for the console, binds or launches, and marshals the result with the caller's ticket. The front ends only
 * turn the result into proxies (in-process) or into a message (daemon).
 *
 * <p>Thread-safe. Steps, as the design's pipeline numbers them: plan (class, AppID, decision; a denial is thrown with
 * its trace), wait for a console attach while the decision says so (up to the deadline), bind to or launch the
 * server (one launch per server key under races), then marshal a new instance or the class object. A server that
 * was stopping as it was bound to is replaced, up to three attempts.
 */
final class ActivationService {

    private static final int MAX_ATTEMPTS = 3;

    /** What the caller wants handed out. */
    enum View {
        /** An instance's {@code IDispatch} view: {@code clsid:} names are instantiated too. */
        LATE_BOUND,
        /** The class object, as {@link ClassObject}: only for {@code clsid:} names. */
        CLASS_OBJECT,
        /** A typed interface: an instance for {@code new:}, the class object's interface for {@code clsid:}. */
        TYPED;

        /**
         * Returns the view a Java interface asks for.
         *
         * @param iface {@link LateBound}, {@link ClassObject}, or a {@code @ComInterface}
         * @return the view
         */
        static View of(Class<?> iface) {
            return iface == LateBound.class ? LATE_BOUND : iface == ClassObject.class ? CLASS_OBJECT : TYPED;
        }
    }

    /**
     * An activation request.
     *
     * @param view what to hand out
     * @param iid the typed interface for {@link View#TYPED}, else null
     * @param deadline how long to wait for a console attach and a server start
     * @param peer the OS account of the process the reference goes to (its ticket is bound to it)
     * @param network whether the reference goes to a network client: then the result's reference is the object's
     *     own (an instance's {@code IUnknown} with unclaimed references, or the class object's OBJREF without any),
     *     from which the network side marshals the interfaces the client asked for with references of the ping sets
     */
    record Request(View view, Guid iid, Duration deadline, String peer, boolean network) {
        Request(View view, Guid iid, Duration deadline, String peer) {
            this(view, iid, deadline, peer, false);
        }

        Request {
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(peer, "peer");
            if ((view == View.TYPED) != (iid != null)) {
                throw new IllegalArgumentException("an IID goes with a typed view only");
            }
        }

        /**
         * Returns the request for a Java interface.
         *
         * @param iface {@link LateBound}, {@link ClassObject}, {@link IClassFactory} or a {@code @ComInterface}
         * @param deadline the deadline
         * @param peer the receiving account
         * @return the request
         */
        static Request of(Class<?> iface, Duration deadline, String peer) {
            View view = View.of(iface);
            return new Request(view, view == View.TYPED ? ComInterfaceInfo.of(iface).iid() : null, deadline, peer);
        }
    }

    /**
     * What an activation hands out.
     *
     * @param reference the marshalled reference, carrying public references for its receiver
     * @param instance whether it is an instance (else the class object)
     * @param ticket the ticket the reference's calls carry
     * @param decision the policy's decision
     * @param pid the server's process id
     * @param launched whether this activation started the server
     */
    record Result(ObjRef reference, boolean instance, OrpcExtent ticket, Decision decision, long pid,
            boolean launched) {
    }

    private final ActivationPlanner planner;
    private final ServiceControlManager scm;
    private final SessionProvider sessions;

    private static final System.Logger LOG = System.getLogger(ActivationService.class.getName());

    ActivationService(ActivationPlanner planner, ServiceControlManager scm, SessionProvider sessions) {
        this.planner = planner;
        this.scm = scm;
        this.sessions = sessions;
    }

    /**
     * Activates.
     *
     * @param moniker the parsed display name
     * @param caller who asks
     * @param request what to hand out, and the deadline
     * @return the result
     * @throws ComException with the failing step's HRESULT: {@code MK_E_NOOBJECT}, {@code REGDB_E_CLASSNOTREG}, the
     *     policy's denial (an {@link io.sessionmoniker.policy.ActivationDeniedException}), {@code E_NOINTERFACE}
     *     for a class object asked of a {@code new:} name, {@code MK_E_EXCEEDEDDEADLINE},
     *     {@code CO_E_SERVER_EXEC_FAILURE} …
     */
    Result activate(Moniker moniker, Caller caller, Request request) {
        long end = System.nanoTime() + request.deadline().toNanos();
        ActivationPlanner.Plan plan = planner.plan(moniker, caller);
        while (plan.decision().outcome() == Decision.Outcome.WAIT_FOR_CONSOLE) {
            awaitConsole(end);
            plan = planner.plan(moniker, caller);
        }
        Decision decision = plan.decision();
        Optional<? extends ComException> denied = decision.toException();
        if (denied.isPresent()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "refused " + who(caller, request) + ": " + moniker + ": "
                    + decision.errorName() + ": " + decision.reason() + client(request));
            throw denied.get();
        }
        boolean createsInstance = moniker.createsInstance();
        if (request.view() == View.CLASS_OBJECT && createsInstance) {
            throw new ComException(HResult.E_NOINTERFACE, "\"" + moniker + "\" names a new instance, which is not a"
                    + " class object: bind the clsid: name for a ClassObject");
        }
        SecurityDescriptor access = ActivationPolicy.accessPermission(plan.appId(), planner.machine(), decision.user());
        for (int attempt = 1;; attempt++) {
            ServiceControlManager.Bound bound;
            try {
                bound = scm.classObject(plan.registration().clsid(), decision, access,
                        Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (ComException e) {
                if (e.hresult() == HResult.E_ACCESSDENIED) {
                    // the launch permission lets the caller bind to a running server only, and none runs
                    LOG.log(System.Logger.Level.DEBUG, () -> "refused " + who(caller, request) + ": " + moniker
                            + ", in session " + decision.sessionId() + " as " + decision.user().name() + ": "
                            + e.errorName() + ": " + e.getMessage() + client(request));
                }
                throw e;
            }
            ServiceControlManager.ClassEntry entry = bound.entry();
            try {
                boolean instance = request.view() == View.LATE_BOUND
                        || request.view() == View.TYPED && createsInstance;
                ObjRef ref = request.network()
                        ? (instance ? entry.factory().CreateInstance(Iids.IUNKNOWN)
                                : ((io.sessionmoniker.activation.orpc.runtime.RemoteObject) entry.factory()).objRef())
                        : scm.marshal(entry, instance, request.view() == View.LATE_BOUND ? null : request.iid());
                Result result = new Result(ref, instance, scm.ticket(entry, caller, request.peer()), decision,
                        ServiceControlManager.pid(entry), bound.launched());
                if (caller.session().isEmpty() || caller.session().getAsLong() != decision.sessionId()
                        || !caller.principal().sid().equals(decision.user().sid())) {
                    // every cross-session activation is recorded
                    LOG.log(System.Logger.Level.DEBUG, () -> "cross-session activation: " + who(caller, request)
                            + " → " + moniker
                            + ", in session " + decision.sessionId() + " as " + decision.user().name() + ", pid "
                            + result.pid() + (bound.launched() ? " (launched)" : " (running)") + client(request));
                }
                return result;
            } catch (ComException e) {
                // the server decided to stop (its last object went) just as we bound to it: launch a new one
                if (!ServiceControlManager.serverGone(e) || attempt >= MAX_ATTEMPTS || System.nanoTime() > end) {
                    throw e;
                }
                scm.forget(entry);
            }
        }
    }

    /** Who asked: the caller and its session. */
    private static String who(Caller caller, Request request) {
        return caller.principal().name() + " in session " + sessionOf(caller);
    }

    /** The OS account of the client process the reference goes to, when the transport names it. */
    private static String client(Request request) {
        return request.peer().isEmpty() ? "" : " (client account " + request.peer() + ")";
    }

    private static String sessionOf(Caller caller) {
        return caller.session().isPresent() ? Long.toString(caller.session().getAsLong()) : "- (network)";
    }

    private void awaitConsole(long end) {
        CountDownLatch attached = new CountDownLatch(1);
        SessionProvider.Subscription subscription = sessions.subscribe(e -> {
            if (e.change() == SessionChange.CONSOLE_CONNECT) {
                attached.countDown();
            }
        });
        try {
            if (!sessions.consoleSessionId().equals(SessionId.NO_CONSOLE)) {
                return;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || !attached.await(left, TimeUnit.NANOSECONDS)) {
                throw new ComException(HResult.MK_E_EXCEEDEDDEADLINE, "no session attached to the console before"
                        + " the deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComException(HResult.E_FAIL, "interrupted while waiting for the console", e);
        } finally {
            subscription.close();
        }
    }
}
