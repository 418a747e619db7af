package io.sessionmoniker.activation.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpandedStringTest {

    static final Map<String, String> VARS = Map.of("JAVA", "/usr/bin/java", "Home", "/home/a", "EMPTY", "",
            "PCT", "%JAVA%");

    static Stream<Arguments> table() {
        return Stream.of(
                //           source                          expanded                                unresolved
                Arguments.of("plain text",                   "plain text",                           List.of()),
                Arguments.of("%JAVA% -jar x",                "/usr/bin/java -jar x",                 List.of()),
                Arguments.of("%java% and %HOME%",            "/usr/bin/java and /home/a",            List.of()),
                Arguments.of("\"%JAVA%\"",                   "\"/usr/bin/java\"",                    List.of()),
                Arguments.of("a%EMPTY%b",                    "ab",                                   List.of()),
                Arguments.of("%UNKNOWN% x",                  "%UNKNOWN% x",                          List.of("UNKNOWN")),
                Arguments.of("hello%foo",                    "hello%foo",                            List.of()),
                Arguments.of("hello%bar%world",              "hello%bar%world",                      List.of("bar")),
                Arguments.of("%A%JAVA%",                     "%A%JAVA%",                             List.of("A")),
                Arguments.of("%JAVA%%JAVA%",                 "/usr/bin/java/usr/bin/java",           List.of()),
                Arguments.of("100%% sure",                   "100%% sure",                           List.of()),
                Arguments.of("%PCT%",                        "%JAVA%",                               List.of()),
                Arguments.of("%X% %Y% %x%",                  "%X% %Y% %x%",                          List.of("X", "Y")),
                Arguments.of("%",                            "%",                                    List.of()),
                Arguments.of("",                             "",                                     List.of()));
    }

    @ParameterizedTest(name = "\"{0}\" expands to \"{1}\", unresolved {2}")
    @MethodSource("table")
    void expandsLikeExpandEnvironmentStrings(String source, String expanded, List<String> unresolved) {
        ExpandedString e = ExpandedString.expand(source, VARS);
        assertEquals(source, e.source());
        assertEquals(expanded, e.value());
        assertEquals(unresolved, e.unresolvedVariables());
        assertEquals(unresolved.isEmpty(), e.isFullyExpanded());
    }

    @Test
    void theDocumentedExampleHolds() {
        ExpandedString e = ExpandedString.expand("\"%JAVA%\" -cp %CLASSPATH% Main %HOME%",
                Map.of("JAVA", "/usr/bin/java", "classpath", "/opt/app/lib/*"));
        assertEquals("\"/usr/bin/java\" -cp /opt/app/lib/* Main %HOME%", e.value());
        assertEquals(List.of("HOME"), e.unresolvedVariables());
    }
}
