package io.sessionmoniker.activation.host;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * A scenario file that cannot be used: unreadable, not JSON, or JSON that breaks the scenario's rules. The
 * message names the file, the field (as a JSON path such as {@code sessions[2].state}) or the line and column,
 * and what was expected.
 *
 * <pre>{@code
 * try {
 *     Scenario.load(Path.of("lab.json"));
 * } catch (ScenarioException e) {
 *     e.getMessage();   // lab.json: sessions[2].state: unknown session state "Activ"; expected one of Active, …
 *     e.field();        // "sessions[2].state"
 * }
 * }</pre>
 */
public final class ScenarioException extends ComException {

    private static final long serialVersionUID = 1L;

    /** The file or resource, as named in the message. */
    private final String source;
    /** The field's path in the JSON, or empty for the whole file. */
    private final String field;

    ScenarioException(String source, String field, String problem, Throwable cause) {
        super(HResult.E_INVALIDARG, source + ": " + (field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.source = source;
        this.field = field;
    }

    /**
     * Returns the file (or "built-in demo scenario") the problem is in.
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * Returns the JSON path of the offending field, or {@code "line L, column C"} for a syntax error, or empty for
     * a problem with the whole file.
     *
     * @return the location
     */
    public String field() {
        return field;
    }
}
