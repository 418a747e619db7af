package io.sessionmoniker.activation.host.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code LocalServer32} command line into arguments by the rules of Windows' {@code CommandLineToArgvW}
 * (docs/windows.md §6.1):
 *
 * <ul>
 *   <li>arguments are separated by spaces or tabs outside double quotes;</li>
 *   <li>a double quote starts or ends a quoted part, in which spaces and tabs are kept; the quote itself is
 *       removed, and a quoted part left open runs to the end of the line;</li>
 *   <li>2n backslashes followed by a double quote give n backslashes, and the quote starts or ends a quoted part;</li>
 *   <li>2n + 1 backslashes followed by a double quote give n backslashes and a literal quote;</li>
 *   <li>backslashes not followed by a double quote are literal.</li>
 * </ul>
 *
 * <p>The same rules apply to the program's name, the first argument. (The C runtime reads {@code argv[0]} without
 * backslash escapes; a program path ending in a backslash before a quote is the only case where the two differ.)
 *
 * <pre>{@code
 * CommandLines.split("\"C:\\dir\\\\\" arg");   // [C:\dir\, arg]
 * CommandLines.split("a\\\\\\\"b c");          // [a\"b, c]
 * }</pre>
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Splits a command line.
     *
     * @param commandLine the text
     * @return the arguments, the program first
     * @throws IllegalArgumentException for a command line with no argument (empty or only spaces and tabs)
     */
    public static List<String> split(String commandLine) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean inArgument = false;
        int n = commandLine.length();
        for (int i = 0; i < n; i++) {
            char c = commandLine.charAt(i);
            if (c == '\\') {
                // a run of backslashes: literal unless a quote follows it
                int start = i;
                while (i < n && commandLine.charAt(i) == '\\') {
                    i++;
                }
                int run = i - start;
                inArgument = true;
                if (i < n && commandLine.charAt(i) == '"') {
                    current.append("\\".repeat(run / 2));
                    if (run % 2 == 1) {
                        current.append('"');   // 2n + 1: an escaped, literal quote
                    } else {
                        inQuotes = !inQuotes;  // 2n: the quote delimits
                    }
                } else {
                    current.append("\\".repeat(run));
                    i--;                       // the character after the run is read next
                }
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
        if (inArgument) {
            out.add(current.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the command line is empty");
        }
        return out;
    }
}
