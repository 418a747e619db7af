package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.host.ExpandedString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code %VAR%} expansion with the rules {@link ExpandedString} documents. */
public final class EnvironmentStrings {

    private EnvironmentStrings() {
    }

    /**
     * Keys variables by folded name.
     *
     * @param variables the variables
     * @return an unmodifiable map from folded name to value
     * @throws IllegalArgumentException if two names differ only in case
     */
    public static Map<String, String> fold(Map<String, String> variables) {
        Map<String, String> folded = new HashMap<>();
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "variable name");
            Objects.requireNonNull(e.getValue(), () -> "the value of variable " + name);
            if (folded.put(RegNames.fold(name), e.getValue()) != null) {
                throw new IllegalArgumentException("two variables are named \"" + name
                        + "\" when case is ignored; Windows environment variable names ignore case");
            }
        }
        return Collections.unmodifiableMap(folded);
    }

    /**
     * Expands {@code %NAME%} references.
     *
     * @param source the string
     * @param folded variables keyed by folded name ({@link #fold(Map)})
     * @return the expansion
     */
    public static ExpandedString expand(String source, Map<String, String> folded) {
        StringBuilder out = new StringBuilder(source.length());
        LinkedHashMap<String, String> unresolved = new LinkedHashMap<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            int close = c == '%' ? source.indexOf('%', i + 1) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            String name = source.substring(i + 1, close);
            String v = name.isEmpty() ? null : folded.get(RegNames.fold(name));
            if (v != null) {
                out.append(v);
            } else {
                out.append(source, i, close + 1);
                if (!name.isEmpty()) {
                    unresolved.putIfAbsent(RegNames.fold(name), name);
                }
            }
            i = close + 1;
        }
        return new ExpandedString(source, out.toString(), new ArrayList<>(unresolved.values()));
    }
}
