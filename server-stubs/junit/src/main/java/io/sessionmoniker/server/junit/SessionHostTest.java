package io.sessionmoniker.server.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class an embedded session host ({@link io.sessionmoniker.activation.host.SessionHost}),
 * as Testcontainers gives a test a database:
 *
 * <pre>{@code
 * @SessionHostTest(scenario = "lab.json", dcom = true)
 * class MyOpcClientTest {
 *     @Test
 *     void reads(DcomEndpoint host, ScriptedCalls calls) { … the client under test against host … }
 * }
 * }</pre>
 *
 * <p>The scenario is, in this order: the {@link #scenario()} file; else what a static member annotated
 * {@link HostScenario} gives; else the built-in demo scenario. Classes of {@link ScriptedClass} annotations and of
 * static members annotated {@link HostClasses} are registered on the host before the first test runs, beside the
 * scenario's own {@code .reg} files.
 *
 * <p>Test and lifecycle methods may declare parameters of the types {@link io.sessionmoniker.activation.host.SessionHost},
 * {@link DcomEndpoint}, {@link ScriptedCalls}, {@link SessionControl},
 * {@link io.sessionmoniker.activation.host.SessionManager} and {@link io.sessionmoniker.activation.host.Scenario}.
 *
 * <p>When the class's tests end (or each test, with {@link Lifecycle#PER_METHOD}), failed or not, the host is closed:
 * every server it launched has ended and its ports are free before the next class starts; a server that outlives
 * its host fails the class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SessionHostExtension.class)
public @interface SessionHostTest {

    /**
     * The scenario file: a class-path resource (relative to the test class's package, or absolute with a leading
     * {@code /}), else a file path (relative to the working directory). Its {@code .reg} files are relative to it;
     * a resource must therefore be a file on disk (as {@code src/test/resources} is under Maven), not inside a jar.
     * Empty for a {@link HostScenario} member or the demo scenario.
     *
     * @return the scenario file, or empty
     */
    String scenario() default "";

    /**
     * Whether the host serves DCOM on TCP (the SCM and the OXID resolver), for third-party DCOM clients.
     *
     * @return whether to listen
     */
    boolean dcom() default false;

    /**
     * The address the DCOM side listens on.
     *
     * @return an IP address; by default the IPv4 loopback
     */
    String dcomAddress() default "127.0.0.1";

    /**
     * Whether the DCOM side must have port 135, which most DCOM clients (j-Interop, Impacket) insist on.
     *
     * @return the requirement
     */
    Port135 port135() default Port135.PREFERRED;

    /**
     * The lowest authentication level an activation may come at ({@code connect}, {@code integrity} or
     * {@code privacy}); empty for the scenario's (by default {@code integrity}, as Windows' DCOM hardening). j-Interop
     * activates at {@code connect}.
     *
     * @return the level's name, or empty
     */
    String minimumAuthnLevel() default "";

    /**
     * Whether one host serves the whole class or each test gets its own.
     *
     * @return the lifecycle
     */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** How long a host lives. */
    enum Lifecycle {
        /** One host for all tests of the class (and its {@code @Nested} classes), closed after the last. */
        PER_CLASS,
        /** A new host for each test, closed after it. */
        PER_METHOD
    }

    /** Whether the DCOM side listens on port 135. */
    enum Port135 {
        /**
         * Port 135 or nothing: where it cannot be bound (no root, no {@code CAP_NET_BIND_SERVICE}, no lowered
         * {@code net.ipv4.ip_unprivileged_port_start}, or taken), the tests are aborted (skipped) with the reason and
         * how to run them; the configuration parameter {@code sessionmoniker.kit.port135.unavailable=fail} fails them
         * instead.
         */
        REQUIRED,
        /** Port 135 when it can be bound, else a port the system picks ({@link DcomEndpoint#fallbackReason()} says why). */
        PREFERRED,
        /** Always a port the system picks: for clients that can be given a port. */
        NEVER
    }
}
