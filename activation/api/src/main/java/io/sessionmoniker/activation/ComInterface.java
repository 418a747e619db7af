package io.sessionmoniker.activation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java interface as a COM interface: the Java interface is the IDL. Its methods are numbered in
 * declaration order after IUnknown's three (the first method is opnum 3) unless {@link ComMethod#opnum()} says
 * otherwise, and every exported object also answers IDispatch with DISPIDs 1, 2, … in the same order.
 *
 * <pre>{@code
 * @ComInterface(iid = "10000013-0000-0000-0000-0000000000F1")
 * public interface ISessionInfo {
 *     int SessionId();            // opnum 3, DISPID 1
 *     String Echo(String text);   // opnum 4, DISPID 2
 * }
 * }</pre>
 *
 * <p>Supported parameter and return types: {@code int}, {@code long}, {@code double}, {@code boolean},
 * {@code String} (BSTR), {@code byte[]}, {@code void}, other {@code @ComInterface} types (interface pointers), and
 * the wire layer's {@code ObjRef} (an interface pointer whose interface is chosen at run time).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ComInterface {

    /**
     * Returns the interface identifier.
     *
     * @return the IID, braced or bare
     */
    String iid();
}
