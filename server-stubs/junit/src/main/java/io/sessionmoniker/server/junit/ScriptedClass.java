package io.sessionmoniker.server.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers the programmable stub ({@link io.sessionmoniker.server.ScriptedServer}) under a class of the test's
 * choosing on the {@link SessionHostTest}'s host, without a {@code .reg} file: the CLSID the client under test
 * activates, its ProgID, its RunAs identity, and the JSON script of its methods (server-stubs README, "Script").
 * Every call is recorded, and {@link ScriptedCalls} reads the record back. Repeatable;
 * {@link ScriptedClassSpec} is the same in code.
 *
 * <pre>{@code
 * @ScriptedClass(clsid = "4A1E0C2B-0000-4000-8000-000000000001", progId = "Inventory.Service",
 *         script = """
 *             {"methods": {"Version": {"result": "2.1"}, "Add": {"args": [1, 2], "result": 3}}}
 *             """)
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(ScriptedClass.List.class)
public @interface ScriptedClass {

    /**
     * The CLSID, also the AppID.
     *
     * @return a GUID such as {@code 4A1E0C2B-0000-4000-8000-000000000001} (braces allowed)
     */
    String clsid();

    /**
     * The ProgID.
     *
     * @return the ProgID, or empty for none
     */
    String progId() default "";

    /**
     * The AppID's {@code RunAs}: {@code Interactive User} (the server runs in the session and as the user the
     * policy decides), or empty for the launching user.
     *
     * @return the identity
     */
    String runAs() default ScriptedClassSpec.INTERACTIVE_USER;

    /**
     * The script as JSON text.
     *
     * @return the script, or empty for {@link #scriptResource()} or, without one, the demo script
     */
    String script() default "";

    /**
     * The script as a class-path resource (relative to the test class's package, or absolute with a leading
     * {@code /}), else a file path.
     *
     * @return the resource, or empty
     */
    String scriptResource() default "";

    /**
     * The AppID's {@code LaunchPermission} in SDDL.
     *
     * @return the descriptor, or empty for {@link ScriptedClassSpec#DEFAULT_LAUNCH_PERMISSION} (Administrators,
     *     the interactive user, SYSTEM and Distributed COM Users, who may launch it over the network)
     */
    String launchPermission() default "";

    /**
     * The AppID's {@code AccessPermission} in SDDL.
     *
     * @return the descriptor, or empty for the default (the server's own user and SYSTEM, as on Windows)
     */
    String accessPermission() default "";

    /** The container of repeated {@link ScriptedClass} annotations. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @interface List {
        /**
         * The classes.
         *
         * @return the annotations
         */
        ScriptedClass[] value();
    }
}
