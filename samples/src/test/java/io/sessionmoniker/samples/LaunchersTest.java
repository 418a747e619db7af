package io.sessionmoniker.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessionmoniker.samples.launchers.ActivateInUserSession;
import io.sessionmoniker.samples.launchers.BindToConsole;
import io.sessionmoniker.samples.launchers.ListSessions;
import io.sessionmoniker.samples.launchers.ShareAHostDaemon;
import io.sessionmoniker.samples.launchers.WatchSessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher samples run and print what they claim. */
class LaunchersTest {

    interface Main {
        void run() throws Exception;
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

    @Test
    void eachSampleDoesWhatItSays() throws Exception {
        String list = output(() -> ListSessions.main(new String[0]));
        assertTrue(list.contains("console session: 1") && list.contains("bob"), list);
        String watch = output(() -> WatchSessions.main(new String[0]));
        assertTrue(watch.contains("CONSOLE_CONNECT session 2") && watch.contains("console session is now 2"), watch);
        String activate = output(() -> ActivateInUserSession.main(new String[0]));
        assertTrue(activate.startsWith("runs in session 2 as bob, pid "), activate);
        String console = output(() -> BindToConsole.main(new String[0]));
        assertTrue(console.contains("\"sessionId\":1") && console.contains("\"userName\":\"alice\""), console);
        String shared = output(() -> ShareAHostDaemon.main(new String[0]));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("daemon clients share pid (\\d+) = (\\d+) in session 2")
                .matcher(shared);
        assertTrue(m.find() && m.group(1).equals(m.group(2)), shared);
    }
}
