package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionmoniker.activation.host.HostDaemon;
import io.sessionmoniker.activation.host.Scenario;
import io.sessionmoniker.activation.host.SessionHost;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sessmon activate --json} prints the same {@code hresult} and {@code error} for a failure whether the
 * embedded host or a host daemon ({@code --host}) reported it.
 */
class ErrorFieldAcrossBackendsTest {

    @TempDir
    Path tmp;

    HostDaemon daemon;
    Path socket;

    @BeforeEach
    void start() throws Exception {
        socket = tmp.resolve("host.sock");
        daemon = HostDaemon.start(Scenario.demo(), socket, SessionHost.Options.defaults());
    }

    @AfterEach
    void stop() {
        List<Long> pids = daemon.host().serverPids();
        daemon.close();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            Session:2!new:10000013-0000-0000-0000-000000000006,  CO_E_SERVER_EXEC_FAILURE,       0x80080005, false
            Session:2!new:50000000-0000-0000-0000-0000000000AA,  REGDB_E_CLASSNOTREG,            0x80040154, false
            Session:9!new:10000013-0000-0000-0000-000000000001,  ERROR_CTX_WINSTATION_NOT_FOUND, 0x80071B6E, false
            Session:2x!new:10000013-0000-0000-0000-000000000001, MK_E_SYNTAX,                    0x800401E4, true
            """)
    void theErrorFieldIsTheSameThroughBothBackends(String name, String error, String hresult, boolean syntax)
            throws Exception {
        SessmonTest.Result embedded = SessmonTest.run("activate", name, "--json");
        SessmonTest.Result viaDaemon = SessmonTest.run("activate", name, "--host", socket.toString(), "--json");
        JsonNode here = embedded.json();
        JsonNode there = viaDaemon.json();
        assertEquals(error, here.get("error").asText(), embedded.out());
        assertEquals(hresult, here.get("hresult").asText(), embedded.out());
        assertEquals(here.get("error"), there.get("error"), viaDaemon.out());
        assertEquals(here.get("hresult"), there.get("hresult"), viaDaemon.out());
        assertFalse(there.get("ok").asBoolean());
        assertEquals(embedded.exit(), viaDaemon.exit());
        assertEquals(syntax ? ExitCodes.SYNTAX : ExitCodes.ACTIVATION, viaDaemon.exit());
    }
}
