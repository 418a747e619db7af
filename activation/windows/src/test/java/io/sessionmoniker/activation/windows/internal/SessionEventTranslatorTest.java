package io.sessionmoniker.activation.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessionmoniker.activation.SessionChange;
import io.sessionmoniker.activation.windows.internal.SessionEventTranslator.Change;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionEventTranslatorTest {

    /** Who WTS says is logged on now, per session. */
    private final Map<Long, String> now = new HashMap<>();
    private final LongFunction<Optional<String>> wts = id -> Optional.ofNullable(now.get(id));

    @ParameterizedTest(name = "wParam {0} -> {1}")
    @CsvSource({
        "1, CONSOLE_CONNECT", "2, CONSOLE_DISCONNECT", "3, REMOTE_CONNECT", "4, REMOTE_DISCONNECT",
        "5, SESSION_LOGON", "6, SESSION_LOGOFF", "7, SESSION_LOCK", "8, SESSION_UNLOCK",
        "9, SESSION_REMOTE_CONTROL", "10, SESSION_CREATE", "11, SESSION_TERMINATE"})
    void everyReason(long wParam, SessionChange expected) {
        Change c = new SessionEventTranslator(Map.of()).translate(wParam, 3, wts).orElseThrow();
        assertEquals(expected, c.change());
        assertEquals(3, c.sessionId());
    }

    @ParameterizedTest(name = "wParam {0} is ignored")
    @ValueSource(longs = {0, 12, 0x8000, -1, 0x1_0000_0005L})
    void unknownReasonsAreIgnored(long wParam) {
        assertEquals(Optional.empty(), new SessionEventTranslator(Map.of()).translate(wParam, 1, wts));
    }

    @Test
    void sessionIdIsTheLowDwordOfLParam() {
        SessionEventTranslator t = new SessionEventTranslator(Map.of());
        assertEquals(0xFFFF_FFFEL, t.translate(7, -2L, wts).orElseThrow().sessionId(), "sign-extended DWORD");
        assertEquals(2, t.translate(7, 0x7_0000_0002L, wts).orElseThrow().sessionId(), "high bits ignored");
        assertEquals(Optional.empty(), t.translate(7, 0xFFFF_FFFFL, wts), "0xFFFFFFFF names no session");
    }

    @Test
    void logonThenLockThenLogoffCarryTheUser() {
        SessionEventTranslator t = new SessionEventTranslator(Map.of());
        now.put(2L, "PC\\bob");
        assertEquals(new Change(SessionChange.SESSION_LOGON, 2, Optional.of("PC\\bob")), t.translate(5, 2, wts).get());
        assertEquals(Optional.of("PC\\bob"), t.translate(7, 2, wts).get().user());
        now.remove(2L);                                      // after a logoff WTS finds nobody
        assertEquals(new Change(SessionChange.SESSION_LOGOFF, 2, Optional.of("PC\\bob")),
                t.translate(6, 2, wts).get());
        assertEquals(Optional.empty(), t.translate(4, 2, wts).get().user(), "forgotten after the logoff");
    }

    @Test
    void logoffOfAUserKnownFromTheSnapshot() {
        SessionEventTranslator t = new SessionEventTranslator(Map.of(1L, "PC\\alice", 9L, " "));
        assertEquals(Optional.of("PC\\alice"), t.translate(6, 1, wts).get().user());
        assertEquals(Optional.empty(), t.translate(6, 9, wts).get().user(), "blank names are not remembered");
    }

    @Test
    void logoffOfAnUnknownUserAsksWts() {
        now.put(4L, "PC\\carol");                            // the query raced ahead of the logoff
        assertEquals(Optional.of("PC\\carol"), new SessionEventTranslator(Map.of()).translate(6, 4, wts).get().user());
    }

    @Test
    void disconnectAfterTheUserLeftUsesTheRememberedName() {
        SessionEventTranslator t = new SessionEventTranslator(Map.of(2L, "PC\\bob"));
        assertEquals(Optional.of("PC\\bob"), t.translate(4, 2, wts).get().user());
    }

    @Test
    void terminateForgetsWithoutAsking() {
        now.put(2L, "PC\\stale");
        SessionEventTranslator t = new SessionEventTranslator(Map.of(2L, "PC\\bob"));
        assertEquals(Optional.of("PC\\bob"), t.translate(11, 2, wts).get().user());
        assertEquals(Optional.empty(), t.translate(11, 2, wts).get().user());
    }

    @Test
    void failingOrNullQueriesCountAsNobody() {
        SessionEventTranslator t = new SessionEventTranslator(Map.of());
        assertEquals(Optional.empty(), t.translate(7, 1, id -> {
            throw new IllegalStateException("RPC failed");
        }).get().user());
        assertEquals(Optional.empty(), t.translate(7, 1, id -> null).get().user());
        assertEquals(Optional.empty(), t.translate(5, 1, id -> Optional.of("")).get().user());
    }
}
