package io.sessionmoniker.activation.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CommandLines} against a table of {@code CommandLineToArgvW}'s rules ({@code command-lines.txt}, kept as a
 * file so that every backslash in it is one).
 */
class CommandLinesTest {

    static Stream<Arguments> table() throws IOException {
        String text;
        try (InputStream in = CommandLinesTest.class.getResourceAsStream("command-lines.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Arguments> rows = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int arrow = line.lastIndexOf(" => ");
            String input = line.substring(0, arrow);
            String expected = line.substring(arrow + " => ".length());
            List<String> args = new ArrayList<>();
            for (int i = 0; i < expected.length(); ) {
                int close = expected.indexOf(']', i);
                args.add(expected.substring(i + 1, close));
                i = close + 1;
            }
            rows.add(Arguments.of(input, args));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} => {1}")
    @MethodSource("table")
    void splitsAsCommandLineToArgvW(String commandLine, List<String> expected) {
        assertEquals(expected, CommandLines.split(commandLine));
    }

    @ParameterizedTest(name = "\"{0}\" has no program")
    @ValueSource(strings = {"", " ", " \t "})
    void aCommandLineWithoutArgumentsIsRefused(String commandLine) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandLines.split(commandLine));
        assertEquals("the command line is empty", e.getMessage());
    }
}
