package io.sessionmoniker.activation.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.SessionProvider.Subscription;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.Guid;
import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.policy.SessionId;
import io.sessionmoniker.policy.SessionSnapshot;
import io.sessionmoniker.policy.SessionView;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Smoke tests against the real Windows APIs. They need no registration and no privileges, and are skipped on every
 * other OS; on Windows, {@code mvn test} runs them. They print what they see, to help settle the open questions of
 * {@code docs/windows.md} §12.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsOnlyTest {

    @Test
    void snapshotSeesSessionZeroAndAgreesOnTheConsole() {
        try (WtsSessionProvider sessions = WindowsBackend.sessionProvider()) {
            SessionSnapshot snap = sessions.snapshot();
            snap.sessions().forEach(s -> System.out.println("[windows] " + s.describe()));
            assertTrue(snap.find(0).isPresent(), "session 0 (services) exists on every Windows since Vista");
            assertFalse(snap.find(0).orElseThrow().hasUser(), "session 0 has no interactive user");
            SessionId console = sessions.consoleSessionId();
            System.out.println("[windows] WTSGetActiveConsoleSessionId = " + console.wireValue());
            assertTrue(console.equals(SessionId.NO_CONSOLE) || snap.find(console.id()).isPresent()
                    || snap.consoleSessionId().equals(SessionId.NO_CONSOLE));
        }
    }

    @Test
    void notificationWindowStartsAndStops() {
        WtsSessionProvider sessions = WindowsBackend.sessionProvider();
        Subscription s = sessions.subscribe(e -> System.out.println("[windows] " + e));
        s.close();
        sessions.close();
        assertThrows(IllegalStateException.class, () -> sessions.subscribe(e -> { }));
    }

    @Test
    void bindingAnUnregisteredClassFailsWithAWindowsHresult() {
        Guid nobody = Guid.fromUuid(UUID.randomUUID());
        try (WindowsMonikerBinder binder = WindowsMonikerBinder.builder()
                .defaultOptions(BindOptions.defaults().withDeadline(Duration.ofSeconds(20)))
                .build();
             WtsSessionProvider sessions = WindowsBackend.sessionProvider()) {
            SessionId console = sessions.consoleSessionId();
            String session = console.isSession() ? Long.toString(console.id()) : "Console";
            for (String name : new String[] {"Session:" + session + "!clsid:" + nobody, "Session:" + session
                    + "!new:" + nobody, "clsid:" + nobody + ":"}) {
                ComException bind = assertThrows(ComException.class,
                        () -> binder.bind(name, WindowsMonikerBinder.IID_IUNKNOWN));
                ComException get = assertThrows(ComException.class,
                        () -> binder.getObject(name, WindowsMonikerBinder.IID_IUNKNOWN));
                System.out.println("[windows] bind " + name + " -> " + bind);
                System.out.println("[windows] CoGetObject " + name + " -> " + get);
                assertTrue(HResult.failed(bind.hresult()));
                assertTrue(HResult.failed(get.hresult()));
            }
            assertEquals(0, binder.openReferences());
        }
    }
}
