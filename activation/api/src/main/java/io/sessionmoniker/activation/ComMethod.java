package io.sessionmoniker.activation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides the operation number or the IDispatch name of a method of a {@link ComInterface}.
 *
 * <pre>{@code
 * @ComMethod(opnum = 7, name = "Describe")
 * String describe();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ComMethod {

    /**
     * Returns the operation number; -1 keeps the declaration-order number.
     *
     * @return the opnum, at least 3
     */
    int opnum() default -1;

    /**
     * Returns the name IDispatch knows the method by; empty keeps the Java name.
     *
     * @return the name
     */
    String name() default "";
}
