package io.sessionmoniker.activation.host;

import io.sessionmoniker.activation.host.internal.EnvironmentStrings;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A string with its {@code %VAR%} references expanded from variables the host supplies, as Windows'
 * {@code ExpandEnvironmentStrings} expands them from the environment, and the references it could not expand.
 *
 * <p>Rules: {@code %NAME%} with a defined {@code NAME} (names compare case-insensitively, as environment variable
 * names do on Windows) becomes its value, which is not expanded again; an undefined {@code %NAME%} stays as it is,
 * both percent signs included, and scanning goes on after its closing {@code %}; a {@code %} with no closing one
 * stays as it is. {@code %%} names no variable: it stays as it is and is not reported.
 *
 * <pre>{@code
 * ExpandedString e = ExpandedString.expand("\"%JAVA%\" -cp %CLASSPATH% Main %HOME%",
 *         Map.of("JAVA", "/usr/bin/java", "classpath", "/opt/app/lib/*"));
 * e.value();                 // "\"/usr/bin/java\" -cp /opt/app/lib/* Main %HOME%"
 * e.unresolvedVariables();   // ["HOME"]
 * e.isFullyExpanded();       // false
 * }</pre>
 *
 * @param source the string as registered
 * @param value the expanded string
 * @param unresolvedVariables the names of undefined references, in order of first appearance, each once (in its
 *     first spelling)
 */
public record ExpandedString(String source, String value, List<String> unresolvedVariables) {

    /**
     * Checks and copies the components.
     *
     * @param source the registered string
     * @param value the expanded string
     * @param unresolvedVariables the undefined names
     */
    public ExpandedString {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(value, "value");
        unresolvedVariables = List.copyOf(unresolvedVariables);
    }

    /**
     * Expands a string.
     *
     * @param source the string with {@code %VAR%} references
     * @param variables the defined variables; names compare case-insensitively and must be unique under that
     *     comparison
     * @return the expansion
     * @throws IllegalArgumentException if two variable names differ only in case
     */
    public static ExpandedString expand(String source, Map<String, String> variables) {
        return EnvironmentStrings.expand(Objects.requireNonNull(source, "source"), EnvironmentStrings.fold(variables));
    }

    /**
     * Tells whether every reference was defined.
     *
     * @return {@code true} when {@link #unresolvedVariables()} is empty
     */
    public boolean isFullyExpanded() {
        return unresolvedVariables.isEmpty();
    }
}
