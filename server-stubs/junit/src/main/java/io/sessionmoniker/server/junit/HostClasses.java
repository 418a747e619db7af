package io.sessionmoniker.server.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks static fields or static no-argument methods of a {@link SessionHostTest} class that give scripted classes
 * to register, built in code: a {@link ScriptedClassSpec}, an array or an {@link Iterable} of them.
 *
 * <pre>{@code
 * @HostClasses
 * static ScriptedClassSpec inventory() {
 *     return ScriptedClassSpec.of("4A1E0C2B-0000-4000-8000-000000000001").progId("Inventory.Service")
 *             .script("{\"methods\": {\"Version\": {\"result\": \"2.1\"}}}");
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HostClasses {
}
