package io.sessionmoniker.activation.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.ActivationOptions;
import io.sessionmoniker.activation.Activator;
import io.sessionmoniker.activation.ClassObject;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.moniker.MonikerSyntaxException;
import io.sessionmoniker.policy.SessionId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Activator} backend keeps, written only against the public API. A backend's test class
 * implements this interface and supplies the fixture: how to open an activator, a class it can activate, a member
 * to call. The same tests then run against the embedded host (everywhere), Windows (on Windows) and any later
 * backend (a host daemon client).
 *
 * <p>Each test opens its own activator and closes it; a fixture that starts processes ends them there.
 */
public interface ActivatorContract {

    /** How long a contract activation may take. */
    Duration DEADLINE = Duration.ofSeconds(60);

    // ---- fixture ---------------------------------------------------------------------------------------------

    /**
     * Opens a new activator of the backend under test; the test closes it.
     *
     * @return the activator
     * @throws Exception if it cannot be opened
     */
    Activator openActivator() throws Exception;

    /**
     * Names a registered local-server class that runs as the Interactive User, so {@code Session:N!new:} places it
     * in session N. A fixture without one skips with {@link Assumptions} and says why.
     *
     * @return the CLSID
     */
    Guid knownClass();

    /**
     * Names a member of the known class that takes no arguments, for typed and late-bound calls.
     *
     * @return the IDispatch name
     */
    String member();

    /**
     * Gives a {@code @ComInterface} type the known class implements, with a no-argument method named
     * {@link #member()}; empty skips the typed tests.
     *
     * @return the interface, or empty
     */
    default Optional<Class<?>> typedInterface() {
        return Optional.empty();
    }

    /**
     * Names a session with a user, which the known class can be activated into with {@link #options()}.
     *
     * @param activator the activator under test
     * @return the session id; by default the console session
     */
    default long knownSession(Activator activator) {
        return activator.sessions().consoleSessionId().id();
    }

    /**
     * Names the console session.
     *
     * @param activator the activator under test
     * @return by default what the activator's sessions say; a backend that cannot list sessions knows it otherwise
     */
    default long consoleSession(Activator activator) {
        return activator.sessions().consoleSessionId().id();
    }

    /**
     * Lists the ids of the sessions that exist.
     *
     * @param activator the activator under test
     * @return by default what the activator's sessions say
     */
    default Set<Long> sessionIds(Activator activator) {
        return activator.sessions().sessions().stream().map(s -> s.id()).collect(Collectors.toSet());
    }

    /**
     * Tells whether the backend can list the sessions; one that cannot (MS-DCOM has no session enumeration) must
     * refuse with {@code E_NOTIMPL} rather than answer wrongly.
     *
     * @return true by default
     */
    default boolean listsSessions() {
        return true;
    }

    /**
     * Checks what {@link #member()} returned for an instance activated into a session; by default anything passes.
     *
     * @param result the member's result (boxed for typed calls)
     * @param session the session the name targeted
     */
    default void checkMemberResult(Object result, long session) {
    }

    /**
     * Gives the options every contract activation uses.
     *
     * @return by default {@link ActivationOptions#defaults()} with a deadline of {@link #DEADLINE}
     */
    default ActivationOptions options() {
        return ActivationOptions.defaults().withDeadline(DEADLINE);
    }

    /**
     * Lists the HRESULTs a session moniker naming a session that does not exist may fail with.
     *
     * @return by default {@code ERROR_CTX_WINSTATION_NOT_FOUND}, the project's documented choice
     */
    default Set<Integer> nonexistentSessionHResults() {
        return Set.of(HResult.ERROR_CTX_WINSTATION_NOT_FOUND);
    }

    /**
     * Names a CLSID nobody registers.
     *
     * @return the CLSID
     */
    default Guid unregisteredClass() {
        return Guid.parse("5E55B0A0-C0DE-4000-8000-00000000DEAD");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String hex(int hresult) {
        return String.format(Locale.ROOT, "0x%08X", hresult);
    }

    private static void assertHResult(int expected, ComException e) {
        assertEquals(hex(expected), hex(e.hresult()), "HRESULT of " + e);
    }

    private Object callMember(Object typed) {
        Class<?> iface = typedInterface().orElseThrow();
        try {
            Method m = iface.getMethod(member());
            return m.invoke(typed);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(iface.getName() + " has no public no-argument method " + member(), e);
        }
    }

    private void assumeTyped() {
        Assumptions.assumeTrue(typedInterface().isPresent(), () -> {
            String reason = "skipped: this fixture gives no @ComInterface type for the known class";
            System.out.println(getClass().getSimpleName() + ": " + reason);
            return reason;
        });
    }

    private static ComException failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object value = future.get(120, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(ComException.class, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the activation did not finish", e);
        }
    }

    // ---- the contract ----------------------------------------------------------------------------------------

    /**
     * A malformed name fails with {@code MK_E_SYNTAX} and the position, before the class, the session or the options
     * are looked at.
     *
     * @throws Exception on failure
     */
    @Test
    default void malformedNamesFailWithMkSyntaxBeforeAnythingElse() throws Exception {
        try (Activator activator = openActivator()) {
            String clsid = unregisteredClass().toString();   // never looked up: the syntax fails first
            long n = knownSession(activator);
            String tail = "Session:" + n + "!clsid:" + clsid + ":";
            List<String> names = List.of("Session:x!new:" + clsid, "Session:" + n + "!new:" + clsid.substring(0, 4),
                    "Session:" + n + "!", tail + "junk");
            List<Integer> eaten = List.of(8, ("Session:" + n + "!new:").length() + 4, ("Session:" + n + "!").length(),
                    tail.length());
            // an in-process-only context and an undefined CLSCTX bit would fail too, later: the syntax comes first
            ActivationOptions badContext = options().withClassContext(ActivationOptions.CLSCTX_INPROC_SERVER | 0x8);
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                for (Class<?> view : List.of(LateBound.class, ClassObject.class)) {
                    MonikerSyntaxException e = assertThrows(MonikerSyntaxException.class,
                            () -> activator.bind(name, view, badContext), name);
                    assertHResult(HResult.MK_E_SYNTAX, e);
                    assertEquals(eaten.get(i), e.eaten(), "characters parsed of \"" + name + "\": " + e.getMessage());
                }
            }
        }
    }

    /**
     * A class nobody registered fails with {@code REGDB_E_CLASSNOTREG}.
     *
     * @throws Exception on failure
     */
    @Test
    default void anUnregisteredClassIsNotRegistered() throws Exception {
        try (Activator activator = openActivator()) {
            String name = "Session:" + knownSession(activator) + "!new:" + unregisteredClass();
            ComException e = assertThrows(ComException.class, () -> activator.bind(name, LateBound.class, options()));
            assertHResult(HResult.REGDB_E_CLASSNOTREG, e);
        }
    }

    /**
     * A session moniker naming a session that does not exist fails with the documented HRESULT.
     *
     * @throws Exception on failure
     */
    @Test
    default void aNonexistentSessionFails() throws Exception {
        try (Activator activator = openActivator()) {
            Set<Long> ids = sessionIds(activator);
            long missing = 4000;
            while (ids.contains(missing)) {
                missing++;
            }
            String name = "Session:" + missing + "!new:" + knownClass();
            ComException e = assertThrows(ComException.class, () -> activator.bind(name, LateBound.class, options()));
            System.out.println(getClass().getSimpleName() + ": " + name + " failed with " + hex(e.hresult()) + " "
                    + e.errorName());
            assertTrue(nonexistentSessionHResults().contains(e.hresult()), "expected one of "
                    + nonexistentSessionHResults().stream().map(ActivatorContract::hex).collect(Collectors.toList())
                    + ", got " + e);
        }
    }

    /**
     * A class context without {@code CLSCTX_LOCAL_SERVER} (or {@code CLSCTX_REMOTE_SERVER}) is
     * {@code REGDB_E_CLASSNOTREG}; undefined bits are {@code E_INVALIDARG}.
     *
     * @throws Exception on failure
     */
    @Test
    default void aClassContextWithoutLocalServerFails() throws Exception {
        try (Activator activator = openActivator()) {
            // the options are checked before the class is looked up, so any CLSID shows it
            String name = "Session:" + knownSession(activator) + "!new:" + unregisteredClass();
            ComException inproc = assertThrows(ComException.class, () -> activator.bind(name, LateBound.class,
                    options().withClassContext(ActivationOptions.CLSCTX_INPROC_SERVER)));
            assertHResult(HResult.REGDB_E_CLASSNOTREG, inproc);
            ComException undefined = assertThrows(ComException.class, () -> activator.bind(name, LateBound.class,
                    options().withClassContext(ActivationOptions.CLSCTX_LOCAL_SERVER | 0x4000_0000)));
            assertHResult(HResult.E_INVALIDARG, undefined);
        }
    }

    /**
     * The sessions include the console session and the known session (a backend that cannot list them refuses with
     * {@code E_NOTIMPL}).
     *
     * @throws Exception on failure
     */
    @Test
    default void sessionsListTheConsoleSession() throws Exception {
        try (Activator activator = openActivator()) {
            if (!listsSessions()) {
                ComException refused = assertThrows(ComException.class, () -> activator.sessions().snapshot());
                assertHResult(HResult.E_NOTIMPL, refused);
                assertTrue(activator.backend().equals(activator.backend().toLowerCase(Locale.ROOT))
                        && !activator.backend().isEmpty(), activator.backend());
                return;
            }
            SessionId consoleId = activator.sessions().consoleSessionId();
            assertNotEquals(SessionId.NO_CONSOLE, consoleId, "a session is attached to the console");
            long console = consoleId.id();
            assertTrue(activator.sessions().session(console).isPresent(), "the console session " + console
                    + " is listed: " + activator.sessions().sessions());
            assertTrue(activator.sessions().session(knownSession(activator)).isPresent());
            assertTrue(activator.backend().equals(activator.backend().toLowerCase(Locale.ROOT))
                    && !activator.backend().isEmpty(), activator.backend());
        }
    }

    /**
     * {@code Session:N!new:} with a typed view: the call succeeds.
     *
     * @throws Exception on failure
     */
    @Test
    default void typedViewBySessionId() throws Exception {
        assumeTyped();
        try (Activator activator = openActivator()) {
            long n = knownSession(activator);
            try (Activation<?> a = activator.bind("Session:" + n + "!new:" + knownClass(), typedInterface().get(),
                    options())) {
                assertTrue(typedInterface().get().isInstance(a.object()));
                checkMemberResult(callMember(a.object()), n);
            }
        }
    }

    /**
     * {@code Session:Console!new:} with a typed view: the call succeeds.
     *
     * @throws Exception on failure
     */
    @Test
    default void typedViewByConsole() throws Exception {
        assumeTyped();
        try (Activator activator = openActivator()) {
            try (Activation<?> a = activator.bind("Session:Console!new:" + knownClass(), typedInterface().get(),
                    options())) {
                checkMemberResult(callMember(a.object()), consoleSession(activator));
            }
        }
    }

    /**
     * {@code Session:N!new:} with the late-bound view: the call succeeds.
     *
     * @throws Exception on failure
     */
    @Test
    default void lateBoundBySessionId() throws Exception {
        try (Activator activator = openActivator()) {
            long n = knownSession(activator);
            try (Activation<LateBound> a = activator.bind("Session:" + n + "!new:" + knownClass(), LateBound.class,
                    options())) {
                checkMemberResult(a.object().invoke(member()), n);
                checkMemberResult(a.object().get(member()), n);
            }
        }
    }

    /**
     * {@code Session:Console!new:} with the late-bound view: the call succeeds.
     *
     * @throws Exception on failure
     */
    @Test
    default void lateBoundByConsole() throws Exception {
        try (Activator activator = openActivator()) {
            try (Activation<LateBound> a = activator.bind("Session:Console!new:" + knownClass(), LateBound.class,
                    options())) {
                checkMemberResult(a.object().invoke(member()), consoleSession(activator));
            }
        }
    }

    /**
     * {@code clsid:} binds to the class object: a {@link ClassObject} whose {@code lockServer} works and whose
     * {@code createInstance} gives instances in the server; the late-bound view of a {@code clsid:} name is an
     * instance.
     *
     * @throws Exception on failure
     */
    @Test
    default void clsidGivesAClassObject() throws Exception {
        try (Activator activator = openActivator()) {
            long n = knownSession(activator);
            String name = "Session:" + n + "!clsid:" + knownClass() + ":";
            try (Activation<ClassObject> a = activator.bind(name, ClassObject.class, options())) {
                ClassObject factory = a.object();
                factory.lockServer(true);
                try (LateBound instance = factory.createInstance(LateBound.class)) {
                    checkMemberResult(instance.invoke(member()), n);
                }
                factory.lockServer(false);
            }
            try (Activation<LateBound> a = activator.bind(name, LateBound.class, options())) {
                checkMemberResult(a.object().invoke(member()), n);
            }
        }
    }

    /**
     * {@code bindAsync} completes with a working activation, and fails with the exceptions {@code bind} throws.
     *
     * @throws Exception on failure
     */
    @Test
    default void bindAsyncCompletesAndFailsLikeBind() throws Exception {
        try (Activator activator = openActivator()) {
            long n = knownSession(activator);
            CompletableFuture<Activation<LateBound>> ok = activator.bindAsync("Session:" + n + "!new:" + knownClass(),
                    LateBound.class, options());
            try (Activation<LateBound> a = ok.get(120, TimeUnit.SECONDS)) {
                checkMemberResult(a.object().invoke(member()), n);
            }
            String bad = "Session:x!new:" + knownClass();
            MonikerSyntaxException sync = assertThrows(MonikerSyntaxException.class,
                    () -> activator.bind(bad, LateBound.class, options()));
            MonikerSyntaxException async = assertInstanceOf(MonikerSyntaxException.class,
                    failure(activator.bindAsync(bad, LateBound.class, options())));
            assertEquals(sync.eaten(), async.eaten());
            assertEquals(sync.getMessage(), async.getMessage());
            ComException notRegistered = failure(activator.bindAsync("Session:" + n + "!new:" + unregisteredClass(),
                    LateBound.class, options()));
            assertHResult(HResult.REGDB_E_CLASSNOTREG, notRegistered);
        }
    }

    /**
     * Closing the activator releases what it handed out: a proxy still held fails with {@code RPC_E_DISCONNECTED}
     * (or {@code RPC_E_SERVER_DIED}), and closing it afterwards is harmless.
     *
     * @throws Exception on failure
     */
    @Test
    default void closeReleases() throws Exception {
        Activation<LateBound> held;
        Activator activator = openActivator();
        try {
            long n = knownSession(activator);
            held = activator.bind("Session:" + n + "!new:" + knownClass(), LateBound.class, options());
            checkMemberResult(held.object().invoke(member()), n);
        } finally {
            activator.close();
        }
        ComException e = assertThrows(ComException.class, () -> held.object().invoke(member()));
        if (e.hresult() != HResult.RPC_E_DISCONNECTED && e.hresult() != HResult.RPC_E_SERVER_DIED) {
            fail("expected RPC_E_DISCONNECTED or RPC_E_SERVER_DIED after close, got " + e);
        }
        held.close();
        held.close();
        activator.close();
    }
}
