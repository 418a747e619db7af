package io.sessionmoniker.activation.orpc.automation;

import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.Variant;
import java.util.List;
import java.util.OptionalInt;

/**
 * An exported object that answers {@code IDispatch} itself, with members known only at run time (a scripted
 * stub, a bridge to another object model), instead of the {@code IDispatch} the
 * {@link io.sessionmoniker.activation.orpc.runtime.ObjectExporter} synthesizes from its
 * {@link io.sessionmoniker.activation.ComInterface}s.
 *
 * <p>The object must still implement at least one {@code @ComInterface}, which is what it is exported and created
 * as; when it also implements this interface, its {@code IDispatch} ({@code GetIDsOfNames} and {@code Invoke})
 * is answered by these two methods alone, and members of its typed interfaces are reachable late-bound only if
 * it lists them itself. Objects that do not implement it are not affected.
 *
 * <pre>{@code
 * final class Greeter implements IGreeter, DynamicDispatch {
 *     public OptionalInt dispIdOf(String name) {
 *         return name.equalsIgnoreCase("Hello") ? OptionalInt.of(1) : OptionalInt.empty();
 *     }
 *     public Variant invoke(int dispId, int flags, List<Variant> args) {
 *         return Variant.of("hello, " + args.get(0).toJava());
 *     }
 * }
 * }</pre>
 *
 * <p>Both methods may be called from several RPC worker threads at once.
 */
public interface DynamicDispatch {

    /**
     * Maps a member name to its DISPID ({@code GetIDsOfNames}). Names should be matched without regard to case,
     * as automation clients expect, and independently of the default locale.
     *
     * @param name the name the client asked for
     * @return the DISPID, or empty for a name the object does not have (the client gets
     *     {@code DISP_E_UNKNOWNNAME})
     */
    OptionalInt dispIdOf(String name);

    /**
     * Invokes a member ({@code Invoke}).
     *
     * <p>A {@link io.sessionmoniker.moniker.ComException} whose HRESULT has {@code FACILITY_DISPATCH}
     * ({@code 0x8002xxxx}, for example {@code DISP_E_MEMBERNOTFOUND} for an unknown DISPID or
     * {@code DISP_E_BADPARAMCOUNT}) is returned from {@code Invoke} as it is; any other {@code ComException}
     * becomes {@code DISP_E_EXCEPTION} with an {@code EXCEPINFO} carrying its HRESULT as {@code scode} and its
     * message as the description, so the client sees that HRESULT; any other exception is reported the same way
     * as {@code E_FAIL}.
     *
     * @param dispId a DISPID, normally one {@link #dispIdOf} gave (clients may send any)
     * @param flags {@link DispatchMessages#DISPATCH_METHOD}, {@link DispatchMessages#DISPATCH_PROPERTYGET},
     *     {@link DispatchMessages#DISPATCH_PROPERTYPUT} … as the client sent them
     * @param args the arguments in call order (the first argument first; the wire's DISPPARAMS carries them
     *     last-to-first); for a property put, the value
     * @return the result; {@link Variant#EMPTY} for none
     */
    Variant invoke(int dispId, int flags, List<Variant> args);
}
