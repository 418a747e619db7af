package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.activation.testing.Await;
import io.sessionmoniker.samples.launchers.ActivateInUserSession;
import io.sessionmoniker.samples.launchers.BindToConsole;
import io.sessionmoniker.samples.launchers.ListSessions;
import io.sessionmoniker.samples.launchers.ShareAHostDaemon;
import io.sessionmoniker.samples.launchers.WatchSessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The launcher samples run, print what they claim, and leave no server running. */
class LaunchersTest {

    interface Main {
        void run() throws Exception;
    }

    /** A launcher sample: its program, what it claims, and the check of its output. */
    record Sample(String program, String claim, Main main, Consumer<String> check) {
        @Override
        public String toString() {
            return program + " " + claim;
        }
    }

    static Stream<Sample> samples() {
        return Stream.of(
                new Sample("ListSessions", "prints the console session and bob's",
                        () -> ListSessions.main(new String[0]),
                        out -> assertTrue(out.contains("console session: 1") && out.contains("bob"), out)),
                new Sample("WatchSessions", "sees the console move to session 2",
                        () -> WatchSessions.main(new String[0]),
                        out -> assertTrue(out.contains("CONSOLE_CONNECT session 2")
                                && out.contains("console session is now 2"), out)),
                new Sample("ActivateInUserSession", "runs a server in bob's session 2",
                        () -> ActivateInUserSession.main(new String[0]),
                        out -> assertTrue(out.startsWith("runs in session 2 as bob, pid "), out)),
                new Sample("BindToConsole", "binds to alice's server at the console",
                        () -> BindToConsole.main(new String[0]),
                        out -> assertTrue(out.contains("\"sessionId\":1") && out.contains("\"userName\":\"alice\""),
                                out)),
                new Sample("ShareAHostDaemon", "gives two daemon clients one server in session 2",
                        () -> ShareAHostDaemon.main(new String[0]), out -> {
                            Matcher m = Pattern.compile("daemon clients share pid (\\d+) = (\\d+) in session 2")
                                    .matcher(out);
                            assertTrue(m.find(), out);
                            assertEquals(m.group(1), m.group(2), out);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theSampleDoesWhatItSays(Sample sample) throws Exception {
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        String out = output(sample.main());
        sample.check().accept(out);
        // a sample closes its host, and the host ends the servers it started
        Await.until("the servers " + sample.program() + " started to exit", Duration.ofSeconds(30),
                () -> ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()))
                        .filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                List::isEmpty);
    }

    static String output(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
