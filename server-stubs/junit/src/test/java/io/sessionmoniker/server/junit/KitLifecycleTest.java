package io.sessionmoniker.server.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sessionmoniker.activation.Activation;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * What the kit does around the tests, seen from outside: example classes run through the launcher, and afterwards
 * no server they started is running, no port they had is held and their files are gone — after a failing test
 * too; a host per class (shared by its {@code @Nested} classes) or per test; and port 135 required, preferred or
 * refused when it cannot be had.
 */
class KitLifecycleTest {

    static final String SCRIPTED = "4A1E0C2B-0000-4000-8000-0000000000AA";

    /** What an example saw: its host, the server that answered it, its DCOM port, its record file. */
    record Seen(SessionHost host, long pid, int port, Path recordFile, String test) {
    }

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    static Seen visit(SessionHost host, DcomEndpoint endpoint, ScriptedCalls calls, String test) {
        try (Activation<LateBound> a = host.activate("Session:2!@Kit.Scripted", host.caller("bob",
                OptionalLong.empty()), LateBound.class)) {
            a.object().invoke("Greet", "kit"); // the demo script's
            Seen s = new Seen(host, a.pid().orElseThrow(), endpoint.port(), calls.recordFile(), test);
            SEEN.add(s);
            return s;
        }
    }

    static void assertGone(Seen s) {
        assertFalse(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false), "server " + s.pid()
                + " still runs");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port()));
        } catch (IOException e) {
            fail("port " + s.port() + " is still held: " + e);
        }
        assertFalse(Files.exists(s.recordFile().getParent()), "the fixture's files are gone");
        assertTrue(s.host().serverPids().isEmpty());
    }

    // ---- the examples ---------------------------------------------------------------------------------------

    @SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.NEVER)
    @ScriptedClass(clsid = SCRIPTED, progId = "Kit.Scripted")
    static class FailingExample {
        @Test
        void failsWhileTheServerRuns(SessionHost host, DcomEndpoint endpoint, ScriptedCalls calls) throws Exception {
            visit(host, endpoint, calls, "failing");
            try (Activation<LateBound> held = host.activate("Session:2!@Kit.Scripted", host.caller("bob",
                    OptionalLong.empty()), LateBound.class)) {
                fail("on purpose, with a server running and a reference held: " + held.pid());
            }
        }
    }

    @SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.NEVER,
            lifecycle = SessionHostTest.Lifecycle.PER_METHOD)
    @ScriptedClass(clsid = SCRIPTED, progId = "Kit.Scripted")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerMethodExample {
        @Test
        @Order(1)
        void first(SessionHost host, DcomEndpoint endpoint, ScriptedCalls calls) {
            visit(host, endpoint, calls, "first");
        }

        @Test
        @Order(2)
        void second(SessionHost host, DcomEndpoint endpoint, ScriptedCalls calls) {
            Seen first = SEEN.get(SEEN.size() - 1);
            assertGone(first); // the first test's host ended before this one started
            visit(host, endpoint, calls, "second");
        }
    }

    @SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.NEVER)
    @ScriptedClass(clsid = SCRIPTED, progId = "Kit.Scripted")
    static class NestedExample {
        @Test
        void outer(SessionHost host, DcomEndpoint endpoint, ScriptedCalls calls) {
            visit(host, endpoint, calls, "outer");
        }

        @Nested
        class Inner {
            @Test
            void inner(SessionHost host, DcomEndpoint endpoint, ScriptedCalls calls) {
                visit(host, endpoint, calls, "inner");
            }
        }
    }

    @SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.REQUIRED)
    static class RequiredExample {
        @Test
        void needs135(DcomEndpoint endpoint) {
            assertEquals(135, endpoint.port());
        }
    }

    @SessionHostTest(dcom = true, port135 = SessionHostTest.Port135.PREFERRED)
    @ScriptedClass(clsid = SCRIPTED, progId = "Kit.Scripted")
    static class PreferredExample {
        static volatile DcomEndpoint endpoint;

        @Test
        void takesWhatItGets(SessionHost host, DcomEndpoint e, ScriptedCalls calls) {
            endpoint = e;
            visit(host, e, calls, "preferred");
        }
    }

    @SessionHostTest(scenario = "lab.json")
    static class TwoScenariosExample {
        @HostScenario
        static Scenario scenario() {
            return Scenario.demo();
        }

        @Test
        void never() {
        }
    }

    @SessionHostTest
    static class NoDcomExample {
        @Test
        void asksForAnEndpoint(DcomEndpoint endpoint) {
            fail("resolved " + endpoint);
        }
    }

    // ---- the tests ------------------------------------------------------------------------------------------

    @Test
    void aFailingTestStillEndsItsServersFreesItsPortAndRemovesItsFiles() {
        SEEN.clear();
        Examples.Run run = Examples.run(FailingExample.class);
        assertEquals(1, run.count(Status.FAILED, false), run::toString);
        assertTrue(run.reasons(Status.FAILED).get(0).contains("on purpose"), run::toString);
        assertEquals(1, SEEN.size());
        assertGone(SEEN.get(0));
    }

    @Test
    void perMethodGivesEachTestItsOwnHostAndEndsItAfterTheTest() {
        SEEN.clear();
        Examples.Run run = Examples.run(PerMethodExample.class);
        assertEquals(2, run.count(Status.SUCCESSFUL, false), run::toString);
        assertEquals(2, SEEN.size());
        assertNotEquals(SEEN.get(0).host(), SEEN.get(1).host());
        assertNotEquals(SEEN.get(0).pid(), SEEN.get(1).pid());
        SEEN.forEach(KitLifecycleTest::assertGone);
    }

    @Test
    void aNestedClassSharesItsEnclosingClasssHost() {
        SEEN.clear();
        Examples.Run run = Examples.run(NestedExample.class);
        assertEquals(2, run.count(Status.SUCCESSFUL, false), run::toString);
        assertEquals(2, SEEN.size());
        assertSame(SEEN.get(0).host(), SEEN.get(1).host());
        SEEN.forEach(KitLifecycleTest::assertGone);
    }

    @Test
    void port135RequiredButTakenAbortsPreferredFallsBackAndFailModeFails() throws Exception {
        // hold 127.0.0.1:135 if this process may; if it may not, no host in it may either
        ServerSocket holder = new ServerSocket();
        try {
            try {
                holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 135));
            } catch (BindException e) {
                // not ours to bind (or another process holds it): unavailable all the same
            }
            Examples.Run aborted = Examples.run(RequiredExample.class);
            assertEquals(1, aborted.count(Status.ABORTED, true), aborted::toString);
            String reason = aborted.reasons(Status.ABORTED).get(0);
            assertTrue(reason.contains("requires port 135") && reason.contains("127.0.0.1:135")
                    && reason.contains("CAP_NET_BIND_SERVICE") && reason.contains("unshare -rn"), reason);

            Examples.Run failed = Examples.run(RequiredExample.class,
                    Map.of(SessionHostExtension.PORT135_UNAVAILABLE, "fail"));
            assertEquals(1, failed.count(Status.FAILED, true), failed::toString);
            assertTrue(failed.reasons(Status.FAILED).get(0).contains("requires port 135"), failed::toString);

            SEEN.clear();
            Examples.Run fellBack = Examples.run(PreferredExample.class);
            assertEquals(1, fellBack.count(Status.SUCCESSFUL, false), fellBack::toString);
            DcomEndpoint e = PreferredExample.endpoint;
            assertNotNull(e);
            assertNotEquals(135, e.port());
            assertFalse(e.isWellKnownPort());
            assertTrue(e.fallbackReason().orElseThrow().contains("127.0.0.1:135"), e.fallbackReason()::get);
            assertGone(SEEN.get(0));
        } finally {
            holder.close();
        }
    }

    @Test
    void misconfigurationsAreReportedByName() {
        Examples.Run two = Examples.run(TwoScenariosExample.class);
        assertEquals(1, two.count(Status.FAILED, true), two::toString);
        assertTrue(two.reasons(Status.FAILED).get(0).contains("has the @HostScenario member scenario; give one"),
                two::toString);
        Examples.Run noDcom = Examples.run(NoDcomExample.class);
        assertEquals(1, noDcom.count(Status.FAILED, false), noDcom::toString);
        assertTrue(noDcom.reasons(Status.FAILED).get(0).contains("set @SessionHostTest(dcom = true)"),
                noDcom::toString);
    }
}
