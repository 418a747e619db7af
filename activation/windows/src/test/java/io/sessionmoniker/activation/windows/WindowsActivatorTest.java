package io.sessionmoniker.activation.windows;

import io.sessionmoniker.activation.ComObject;
import io.sessionmoniker.activation.ClassObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.SessionProvider;
import io.sessionmoniker.activation.ComInterface;
import io.sessionmoniker.activation.windows.internal.AutomationNatives;
import io.sessionmoniker.activation.windows.internal.NativeGuid;
import io.sessionmoniker.activation.windows.internal.ProcessIdentity;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.Caller;
import io.sessionmoniker.policy.Principal;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.Sid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Windows activator over fake COM and Automation natives: its checks, views and releases, on every OS. */
class WindowsActivatorTest {

    private static final String NEW = "Session:2!new:10000013-0000-0000-0000-000000000001";
    private static final String CLSID = "Session:2!clsid:10000013-0000-0000-0000-000000000001:";
    private static final Pointer OBJECT = new Pointer(0x3000);
    private static final Pointer OTHER = new Pointer(0x4000);
    private static final Pointer CREATED = new Pointer(0x5000);
    private static final Pointer CHILD = new Pointer(0x6000);
    private static final Sid ME = Sid.parse("S-1-5-21-1-2-3-1001");

    /** A typed interface of the fake object. */
    @ComInterface(iid = "10000013-0000-0000-0000-0000000000F1")
    public interface ISessionInfo {
        /**
         * The session.
         *
         * @return the id
         */
        long SessionId();

        /**
         * Echoes.
         *
         * @param text the text
         * @return the text
         */
        String Echo(String text);

        /**
         * A child object.
         *
         * @return the child
         */
        ISessionInfo Child();

        /**
         * Runs locally.
         *
         * @return twice the session
         */
        default long Twice() {
            return 2 * SessionId();
        }
    }

    /** Records Automation calls. */
    static final class FakeAutomation implements AutomationNatives {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        int lockResult = HResult.S_OK;
        int createResult = HResult.S_OK;

        @Override
        public int getIdOfName(Pointer dispatch, String name) {
            calls.add("GetIDsOfNames " + Pointer.nativeValue(dispatch) + " " + name + " ON "
                    + Thread.currentThread().getName());
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "sessionid":
                    return 1;
                case "echo":
                    return 2;
                case "child":
                    return 3;
                default:
                    throw new ComException(0x80020006, "unknown name " + name);
            }
        }

        @Override
        public Object invoke(Pointer dispatch, int dispId, int flags, Object[] args) {
            calls.add("Invoke " + Pointer.nativeValue(dispatch) + " " + dispId + " flags=" + flags + " args="
                    + java.util.Arrays.toString(args));
            switch (dispId) {
                case 1:
                    return 2;             // VT_I4
                case 2:
                    return args[0];
                default:
                    return CHILD;         // VT_DISPATCH, an owned reference
            }
        }

        @Override
        public int createInstance(Pointer factory, Pointer iid, PointerByReference out) {
            calls.add("CreateInstance " + Pointer.nativeValue(factory) + " " + NativeGuid.read(iid));
            out.setValue(createResult >= 0 ? CREATED : null);
            return createResult;
        }

        @Override
        public int lockServer(Pointer factory, boolean lock) {
            calls.add("LockServer " + Pointer.nativeValue(factory) + " " + lock);
            return lockResult;
        }
    }

    /** No sessions: the activator only hands the provider out. */
    private static final SessionProvider NO_SESSIONS = new SessionProvider() {
        @Override
        public SessionSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Subscription subscribe(io.sessionmoniker.activation.SessionListener listener) {
            throw new UnsupportedOperationException();
        }
    };

    private final WindowsMonikerBinderTest.FakeCom com = new WindowsMonikerBinderTest.FakeCom();
    private final FakeAutomation automation = new FakeAutomation();
    private final AtomicBoolean sessionsClosed = new AtomicBoolean();
    private final AtomicInteger identityReads = new AtomicInteger();
    private final WindowsMonikerBinder binder = WindowsMonikerBinder.builder().build(com);
    private final WindowsActivator activator = new WindowsActivator(binder, NO_SESSIONS, () -> sessionsClosed.set(true),
            () -> {
                identityReads.incrementAndGet();
                return new ProcessIdentity(ME, 1);
            }, automation);

    @AfterEach
    void close() {
        activator.close();
    }

    private List<String> comCalls(String prefix) {
        return com.calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    @Test
    void namesItselfAndHandsOutItsSessions() {
        assertEquals("windows", activator.backend());
        assertTrue(activator.sessions() == NO_SESSIONS);
    }

    @Test
    void aMalformedNameFailsBeforeOptionsOrWindows() {
        ActivationOptions bad = ActivationOptions.defaults().withClassContext(ActivationOptions.CLSCTX_INPROC_SERVER)
                .withCaller(Caller.local(Principal.system(), 0));
        MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                () -> activator.bind("Session:x!new:10000013-0000-0000-0000-000000000001", LateBound.class, bad));
        assertEquals(HResult.MK_E_SYNTAX, e.hresult());
        assertEquals(8, e.eaten());
        assertEquals(List.of("CoInitializeEx"), com.calls, "Windows never saw the name");
        assertEquals(0, identityReads.get());
    }

    @Test
    void theClassContextIsCheckedAndPassedOn() {
        ComException inproc = assertThrows(ComException.class, () -> activator.bind(NEW, LateBound.class,
                ActivationOptions.defaults().withClassContext(ActivationOptions.CLSCTX_INPROC_SERVER)));
        assertEquals(HResult.REGDB_E_CLASSNOTREG, inproc.hresult());
        ComException undefined = assertThrows(ComException.class, () -> activator.bind(NEW, LateBound.class,
                ActivationOptions.defaults().withClassContext(0x4 | 0x4000_0000)));
        assertEquals(HResult.E_INVALIDARG, undefined.hresult());
        assertEquals(List.of("CoInitializeEx"), com.calls);
        activator.bind(NEW, LateBound.class, ActivationOptions.defaults().withClassContext(0x4 | 0x80000)
                .withDeadline(Duration.ofSeconds(30))).close();
        assertEquals(List.of("SetBindOptions cbStruct=48 clsctx=524292 deadline=31000 locale=407 mode=2"),
                comCalls("SetBindOptions"));
    }

    @Test
    void aDeadlineBeyondTheTickCountIsRefused() {
        ComException e = assertThrows(ComException.class, () -> activator.bind(NEW, LateBound.class,
                ActivationOptions.defaults().withDeadline(Duration.ofDays(25))));
        assertEquals(HResult.E_INVALIDARG, e.hresult());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    @Test
    void onlyThisProcesssOwnCallerIsAccepted() {
        Principal me = Principal.user("me", ME).build();
        activator.bind(NEW, LateBound.class, ActivationOptions.defaults().withCaller(Caller.local(me, 1))).close();
        for (Caller other : List.of(Caller.local(Principal.system(), 0), Caller.local(me, 2), Caller.remote(me))) {
            ComException e = assertThrows(ComException.class, () -> activator.bind(NEW, LateBound.class,
                    ActivationOptions.defaults().withCaller(other)));
            assertEquals(HResult.E_INVALIDARG, e.hresult());
            assertTrue(e.getMessage().contains("own token (" + ME + " in session 1)"), e.getMessage());
            assertTrue(e.getMessage().contains(other.describe()), e.getMessage());
        }
        assertEquals(1, identityReads.get(), "the identity is read once");
    }

    @Test
    void lateBoundCallsByNameOnTheComThreadAndCachesDispIds() {
        Activation<LateBound> a = activator.bind(NEW, LateBound.class, ActivationOptions.defaults());
        assertTrue(a.decision().isEmpty());
        assertTrue(a.pid().isEmpty());
        assertFalse(a.launched());
        assertEquals(List.of("BindToObject 00020400-0000-0000-C000-000000000046 mk=8192 pbc=4096"),
                comCalls("BindToObject"));
        assertEquals(2, a.object().invoke("SessionId"));
        assertEquals(2, a.object().get("SESSIONID"));
        a.object().put("Echo", "x");
        assertEquals(List.of(
                "GetIDsOfNames 12288 SessionId ON sessionmoniker-com-mta",
                "Invoke 12288 1 flags=3 args=[]",
                "Invoke 12288 1 flags=2 args=[]",
                "GetIDsOfNames 12288 Echo ON sessionmoniker-com-mta",
                "Invoke 12288 2 flags=4 args=[x]"), automation.calls);
        try (LateBound child = assertInstanceOf(LateBound.class, a.object().invoke("Child"))) {
            assertEquals(2, binder.openReferences(), "the child is adopted, so closing the binder releases it");
            assertEquals(2, child.invoke("SessionId"));
        }
        assertEquals("Release 24576", com.calls.get(com.calls.size() - 1));
        a.close();
        assertEquals("Release 12288", com.calls.get(com.calls.size() - 1));
        ComException e = assertThrows(ComException.class, () -> a.object().invoke("SessionId"));
        assertEquals(HResult.RPC_E_DISCONNECTED, e.hresult());
        a.close();
    }

    @Test
    void lateBoundOnAClassObjectCreatesAnInstance() {
        try (Activation<LateBound> a = activator.bind(CLSID, LateBound.class, ActivationOptions.defaults())) {
            assertEquals(List.of("BindToObject 00000001-0000-0000-C000-000000000046 mk=8192 pbc=4096"),
                    comCalls("BindToObject"));
            assertEquals(List.of("CreateInstance 12288 00020400-0000-0000-C000-000000000046"), automation.calls);
            assertEquals("Release 12288", com.calls.get(com.calls.size() - 1), "the class object is released");
            assertEquals(2, a.object().invoke("SessionId"));
            assertEquals("Invoke 20480 1 flags=3 args=[]", automation.calls.get(automation.calls.size() - 1));
        }
        assertEquals("Release 20480", com.calls.get(com.calls.size() - 1));
        automation.createResult = HResult.E_NOINTERFACE;
        ComException e = assertThrows(ComException.class, () -> activator.bind(CLSID, LateBound.class,
                ActivationOptions.defaults()));
        assertEquals(HResult.E_NOINTERFACE, e.hresult());
        assertEquals(0, binder.openReferences());
    }

    @Test
    void typedViewsBindTheirIidAndCallThroughIDispatch() throws Exception {
        try (Activation<ISessionInfo> a = activator.bind(NEW, ISessionInfo.class, ActivationOptions.defaults())) {
            assertEquals(List.of("BindToObject 10000013-0000-0000-0000-0000000000F1 mk=8192 pbc=4096"),
                    comCalls("BindToObject"));
            assertEquals(List.of("QueryInterface 00020400-0000-0000-C000-000000000046"), comCalls("QueryInterface"));
            assertTrue(com.calls.contains("Release 12288"), "the first reference is released");
            ISessionInfo info = a.object();
            assertEquals(2L, info.SessionId());
            assertEquals(4L, info.Twice());
            assertEquals("hi", info.Echo("hi"));
            try (AutoCloseable child = (AutoCloseable) info.Child()) {
                assertEquals(2L, ((ISessionInfo) child).SessionId());
            }
            assertTrue(info.toString().startsWith("WindowsProxy[" + ISessionInfo.class.getName()), info.toString());
            assertEquals(1, binder.openReferences());
        }
        assertEquals(0, binder.openReferences());
        com.qiResult = HResult.E_NOINTERFACE;
        ComException e = assertThrows(ComException.class, () -> activator.bind(NEW, ISessionInfo.class,
                ActivationOptions.defaults()));
        assertEquals(HResult.E_NOINTERFACE, e.hresult());
        assertTrue(e.getMessage().contains("not IDispatch"), e.getMessage());
        assertEquals(0, binder.openReferences());
    }

    @Test
    void classObjectsLockTheServerAndCreateInstances() {
        try (Activation<ClassObject> a = activator.bind(CLSID, ClassObject.class, ActivationOptions.defaults())) {
            a.object().lockServer(true);
            a.object().lockServer(false);
            assertEquals(List.of("LockServer 12288 true", "LockServer 12288 false"), automation.calls);
            automation.lockResult = HResult.E_ACCESSDENIED;
            assertEquals(HResult.E_ACCESSDENIED, assertThrows(ComException.class,
                    () -> a.object().lockServer(true)).hresult());
            automation.calls.clear();
            // an instance for IDispatch, called by name through it whether asked for typed or late-bound
            try (LateBound late = a.object().createInstance(LateBound.class)) {
                assertEquals(List.of("CreateInstance 12288 " + WindowsMonikerBinder.IID_IDISPATCH), automation.calls);
                assertEquals(2, late.invoke("SessionId"));
            }
            ISessionInfo typed = a.object().createInstance(ISessionInfo.class);
            assertEquals(2, typed.SessionId());
            ((ComObject) typed).close();
            automation.createResult = HResult.E_OUTOFMEMORY;
            assertEquals(HResult.E_OUTOFMEMORY, assertThrows(ComException.class,
                    () -> a.object().createInstance(LateBound.class)).hresult());
            assertThrows(IllegalArgumentException.class, () -> a.object().createInstance(Runnable.class));
        }
    }

    @Test
    void rawReferencesAndUnsupportedViews() {
        try (Activation<ComReference> a = activator.bind(NEW, ComReference.class, ActivationOptions.defaults())) {
            assertEquals(WindowsMonikerBinder.IID_IUNKNOWN, a.object().iid());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> activator.bind(NEW,
                Runnable.class, ActivationOptions.defaults()));
        assertTrue(e.getMessage().contains("@ComInterface"), e.getMessage());
    }

    @Test
    void closingReleasesEverythingAndStopsTheSessions() {
        Activation<LateBound> a = activator.bind(NEW, LateBound.class, ActivationOptions.defaults());
        activator.close();
        assertTrue(sessionsClosed.get());
        assertEquals("CoUninitialize", com.calls.get(com.calls.size() - 1));
        assertTrue(com.calls.contains("Release 12288"));
        assertEquals(HResult.RPC_E_DISCONNECTED, assertThrows(ComException.class,
                () -> a.object().invoke("SessionId")).hresult());
        a.close();
        activator.close();
    }
}
