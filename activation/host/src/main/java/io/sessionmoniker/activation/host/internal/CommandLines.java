package io.sessionmoniker.activation.host.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code LocalServer32} command line into arguments the way Windows' {@code CommandLineToArgvW} does
 * for the common cases: whitespace separates arguments; double quotes group (and are removed); {@code \"} is a
 * literal quote; other backslashes are literal.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Splits a command line.
     *
     * @param commandLine the text
     * @return the arguments, the program first
     * @throws IllegalArgumentException for an unterminated quote or an empty command
     */
    public static List<String> split(String commandLine) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean inArgument = false;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (c == '\\' && i + 1 < commandLine.length() && commandLine.charAt(i + 1) == '"') {
                current.append('"');
                inArgument = true;
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
                inArgument = true;
            } else if ((c == ' ' || c == '\t') && !inQuotes) {
                if (inArgument) {
                    out.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("unterminated quote in command line: " + commandLine);
        }
        if (inArgument) {
            out.add(current.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the command line is empty");
        }
        return out;
    }
}
