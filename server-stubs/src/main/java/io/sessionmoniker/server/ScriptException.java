package io.sessionmoniker.server;

import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;

/**
 * A script for {@link ScriptedServer} that cannot be used: the message names the script, the JSON path of what is
 * wrong (or the line and column of a syntax error) and what was expected. The HRESULT is
 * {@link HResult#E_INVALIDARG}, as for a scenario file that cannot be used.
 *
 * <pre>{@code
 * try {
 *     Script.load(Path.of("answers.json"));
 * } catch (ScriptException e) {
 *     e.getMessage();   // answers.json: methods.Add[1].hresult: expected "0x" and 1 to 8 hex digits …
 *     e.path();         // "methods.Add[1].hresult"
 *     e.errorName();    // "E_INVALIDARG"
 * }
 * }</pre>
 */
public final class ScriptException extends ComException {

    private static final long serialVersionUID = 1L;

    /** The script. */
    private final String source;
    /** Where in it. */
    private final String path;
    /** What is wrong. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param source the script's name (its file, or "built-in demo script")
     * @param path the JSON path of the problem, or a line and column, or "" for the whole script
     * @param problem what is wrong and what was expected
     * @param cause the underlying failure, or null
     */
    public ScriptException(String source, String path, String problem, Throwable cause) {
        super(HResult.E_INVALIDARG, source + ": " + (path.isEmpty() ? "" : path + ": ") + problem, cause);
        this.source = source;
        this.path = path;
        this.problem = problem;
    }

    /**
     * Returns the script's name.
     *
     * @return the file name, or "built-in demo script"
     */
    public String source() {
        return source;
    }

    /**
     * Returns where in the script the problem is.
     *
     * @return a JSON path such as {@code methods.Add[1].hresult}, a line and column, or "" for the whole script
     */
    public String path() {
        return path;
    }

    /**
     * Returns what is wrong.
     *
     * @return the problem, without the script's name and the path
     */
    public String problem() {
        return problem;
    }
}
