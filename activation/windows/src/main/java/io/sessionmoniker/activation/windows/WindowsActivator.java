package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.orpc.runtime.ComInterfaceInfo;
import io.sessionmoniker.activation.windows.internal.AutomationNatives;
import io.sessionmoniker.activation.windows.internal.JnaAutomationNatives;
import io.sessionmoniker.activation.windows.internal.ProcessIdentity;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.Moniker;
import io.sessionmoniker.policy.Caller;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The {@code windows} backend of the {@link Activator} API: display names go to Windows' own COM
 * ({@link WindowsMonikerBinder}: {@code MkParseDisplayName} + {@code IMoniker::BindToObject} with the options' class
 * context and deadline in {@code BIND_OPTS3}), sessions come from the WTS API ({@link WtsSessionProvider}).
 *
 * <pre>{@code
 * try (Activator windows = WindowsActivator.open();
 *      Activation<LateBound> a = windows.bind("Session:Console!new:10000013-0000-0000-0000-000000000001",
 *              LateBound.class, ActivationOptions.defaults())) {
 *     Object id = a.object().invoke("SessionId");
 * }
 * }</pre>
 *
 * <p>{@link #bind} in order:
 * <ol>
 *   <li>validates the name with the project's parser (no ProgIDs), so a malformed name fails with a
 *       {@link io.sessionmoniker.moniker.MonikerSyntaxException} giving the position before anything else;</li>
 *   <li>checks the options: {@link ActivationOptions#requireLocalServerContext()} ({@code E_INVALIDARG} for undefined
 *       {@code CLSCTX} bits, {@code REGDB_E_CLASSNOTREG} without {@code CLSCTX_LOCAL_SERVER} or
 *       {@code CLSCTX_REMOTE_SERVER}: an in-process server would ignore the session moniker); a deadline longer
 *       than {@link BindOptions#MAX_DEADLINE} is {@code E_INVALIDARG}; a caller other than this process's own
 *       identity (its token's user, in its session) is {@code E_INVALIDARG}, because Windows activates as the
 *       calling token;</li>
 *   <li>binds on the binder's COM thread and wraps the result by the type asked for:
 *     <ul>
 *       <li>a {@link ComInterface} type: binds that IID (so a missing interface is Windows' {@code E_NOINTERFACE}),
 *           then calls through the object's {@code IDispatch} by name ({@code E_NOINTERFACE} if it has none);</li>
 *       <li>{@link LateBound}: the instance's {@code IDispatch}; a {@code clsid:} name binds the class object and
 *           creates an instance with {@code IClassFactory::CreateInstance}, as the embedded host does;</li>
 *       <li>{@link ClassObject}: the class object; {@code createInstance} creates an instance for
 *           {@code IDispatch} and gives its typed or late-bound view, {@code lockServer} calls
 *           {@code IClassFactory::LockServer};</li>
 *       <li>{@link ComReference}: the raw {@code IUnknown} reference, for callers who use JNA themselves;</li>
 *       <li>anything else: {@link IllegalArgumentException}.</li>
 *     </ul></li>
 * </ol>
 * Activations carry no decision and no pid (Windows reports neither) and {@code launched} is false. The proxies
 * belong to the caller; {@link #close()} releases any still open, after which their calls fail with
 * {@code RPC_E_DISCONNECTED}.
 *
 * <p>Not yet run on Windows by this project; see {@code activation/README.md}, "On Windows".
 */
public final class WindowsActivator implements Activator {

    private final WindowsMonikerBinder binder;
    private final SessionProvider sessions;
    private final AutoCloseable sessionsCloser;
    private final Supplier<ProcessIdentity> self;
    private final AutomationNatives natives;
    private volatile ProcessIdentity identity;

    WindowsActivator(WindowsMonikerBinder binder, SessionProvider sessions, AutoCloseable sessionsCloser,
            Supplier<ProcessIdentity> self, AutomationNatives natives) {
        this.binder = Objects.requireNonNull(binder, "binder");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.sessionsCloser = Objects.requireNonNull(sessionsCloser, "sessionsCloser");
        this.self = Objects.requireNonNull(self, "self");
        this.natives = Objects.requireNonNull(natives, "natives");
    }

    /**
     * Opens the Windows backend: a moniker binder (its own COM thread in the multithreaded apartment) and the WTS
     * session provider.
     *
     * @return the activator; close it
     * @throws ComException {@link HResult#E_NOTIMPL} when not on Windows, or the HRESULT of {@code CoInitializeEx}
     */
    public static WindowsActivator open() {
        WindowsBackend.requireSupported();
        WindowsMonikerBinder binder = WindowsBackend.monikerBinder();
        try {
            WtsSessionProvider wts = WindowsBackend.sessionProvider();
            return new WindowsActivator(binder, wts, wts::close, ProcessIdentity::current, new JnaAutomationNatives());
        } catch (RuntimeException | Error e) {
            binder.close();
            throw e;
        }
    }

    @Override
    public String backend() {
        return "windows";
    }

    @Override
    public SessionProvider sessions() {
        return sessions;
    }

    @Override
    public <T> Activation<T> bind(String displayName, Class<T> iface, ActivationOptions options) {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(options, "options");
        Moniker moniker = binder.validate(displayName);
        options.requireLocalServerContext();
        options.caller().ifPresent(this::requireSelf);
        BindOptions bindOptions = bindOptions(options);
        Object object;
        if (iface == LateBound.class) {
            object = lateBound(displayName, moniker.createsInstance(), bindOptions);
        } else if (iface == ClassObject.class) {
            object = new WindowsClassObject(binder.bind(displayName, WindowsMonikerBinder.IID_ICLASSFACTORY,
                    bindOptions), binder, natives, displayName);
        } else if (iface == ComReference.class) {
            object = binder.bind(displayName, WindowsMonikerBinder.IID_IUNKNOWN, bindOptions);
        } else if (iface.isInterface() && iface.isAnnotationPresent(ComInterface.class)) {
            object = typed(displayName, iface, bindOptions);
        } else {
            throw new IllegalArgumentException("the Windows backend gives " + iface.getName() + " no view: ask for a"
                    + " @ComInterface type, LateBound, ClassObject (a class object) or ComReference (the raw"
                    + " IUnknown)");
        }
        return new Activation<>(iface.cast(object), Optional.empty(), OptionalLong.empty(), false);
    }

    /**
     * Releases every reference still open, leaves COM on the binder's thread and stops the session notifications.
     * Idempotent.
     */
    @Override
    public void close() {
        try {
            binder.close();
        } finally {
            try {
                sessionsCloser.close();
            } catch (Exception e) {
                System.getLogger(WindowsActivator.class.getName()).log(System.Logger.Level.WARNING,
                        "closing the WTS session provider failed", e);
            }
        }
    }

    private <T> T typed(String displayName, Class<T> iface, BindOptions options) {
        ComInterfaceInfo info = ComInterfaceInfo.of(iface);
        ComReference dispatch;
        try (ComReference asked = binder.bind(displayName, info.iid(), options)) {
            try {
                dispatch = asked.queryInterface(WindowsMonikerBinder.IID_IDISPATCH);
            } catch (ComException e) {
                if (e.hresult() != HResult.E_NOINTERFACE) {
                    throw e;
                }
                throw new ComException(HResult.E_NOINTERFACE, "the object implements " + iface.getSimpleName() + " ("
                        + info.iid().toBracedString() + ") but not IDispatch, and the Windows backend calls typed"
                        + " interfaces through IDispatch by name", e);
            }
        }
        return WindowsTypedProxy.create(iface, new WindowsLateBound(dispatch, binder, natives));
    }

    private LateBound lateBound(String displayName, boolean instance, BindOptions options) {
        if (instance) {
            return new WindowsLateBound(binder.bind(displayName, WindowsMonikerBinder.IID_IDISPATCH, options), binder,
                    natives);
        }
        try (WindowsClassObject factory = new WindowsClassObject(binder.bind(displayName,
                WindowsMonikerBinder.IID_ICLASSFACTORY, options), binder, natives, displayName)) {
            return new WindowsLateBound(factory.createDispatch(), binder, natives);
        }
    }

    private void requireSelf(Caller caller) {
        ProcessIdentity me = identity;
        if (me == null) {
            me = self.get();
            identity = me;
        }
        if (!me.matches(caller)) {
            throw new ComException(HResult.E_INVALIDARG, "the Windows backend activates as this process's own token ("
                    + me.user() + " in session " + me.session() + ") and cannot act for " + caller.describe()
                    + ": leave the caller out of the options, or run the program as that user");
        }
    }

    private static BindOptions bindOptions(ActivationOptions options) {
        BindOptions b = BindOptions.defaults().withClassContext(options.classContext());
        if (options.deadline().isPresent()) {
            Duration d = options.deadline().get();
            if (d.compareTo(BindOptions.MAX_DEADLINE) > 0) {
                throw new ComException(HResult.E_INVALIDARG, "the deadline " + d + " is longer than Windows' bind"
                        + " deadline can express (" + BindOptions.MAX_DEADLINE + ", 2^31-1 ms)");
            }
            b = b.withDeadline(d);
        }
        return b;
    }

    /**
     * Returns this activator's binder (for callers that need {@code getObject} or raw references).
     *
     * @return the binder; closed with this activator
     */
    public WindowsMonikerBinder binder() {
        return binder;
    }
}
