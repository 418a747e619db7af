package io.sessionmoniker.activation.orpc.runtime;

import io.sessionmoniker.activation.Iids;
import io.sessionmoniker.activation.orpc.automation.DispParams;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages;
import io.sessionmoniker.activation.orpc.automation.ExcepInfo;
import io.sessionmoniker.activation.orpc.automation.Variant;
import io.sessionmoniker.activation.orpc.ndr.NdrReader;
import io.sessionmoniker.activation.orpc.ndr.NdrWriter;
import io.sessionmoniker.activation.orpc.objref.InterfacePointer;
import io.sessionmoniker.activation.orpc.rpc.RpcException;
import io.sessionmoniker.activation.orpc.rpc.WireFormatException;
import io.sessionmoniker.activation.LateBound;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.GetIdsOfNamesRequest;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.GetIdsOfNamesResponse;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.InvokeRequest;
import io.sessionmoniker.activation.orpc.automation.DispatchMessages.InvokeResponse;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A late-bound handle on an object's {@code IDispatch}: call members by name with Java values, as scripting
 * clients do. Names are looked up once ({@code GetIDsOfNames}) and cached.
 *
 * <pre>{@code
 * try (Dispatch d = client.dispatch(ref)) {
 *     Object id = d.invoke("SessionId");          // Integer
 *     Object echo = d.invoke("Echo", "hello");     // "hello"
 * }
 * }</pre>
 *
 * <p>Argument mapping: {@link Variant#of(Object)}; results come back through {@link Variant#toJava()}, with
 * {@code VT_DISPATCH} results as new {@code Dispatch} handles. A member that throws on the server fails with its
 * HRESULT and message ({@code DISP_E_EXCEPTION}'s EXCEPINFO).
 */
public final class Dispatch implements LateBound {

    private final ComClient client;
    private final ProxyState state;
    private final Map<String, Integer> dispIds = new ConcurrentHashMap<>();

    Dispatch(ComClient client, ProxyState state) {
        this.client = client;
        this.state = state;
    }

    /** The references this handle owns. */
    ProxyState state() {
        return state;
    }

    /**
     * Calls a method ({@code DISPATCH_METHOD}).
     *
     * @param name the member name, case-insensitive
     * @param args the arguments, in call order
     * @return the result as a Java value, or null for none
     * @throws ComException with the member's HRESULT, {@code DISP_E_UNKNOWNNAME}, {@code DISP_E_TYPEMISMATCH} …
     */
    @Override
    public Object invoke(String name, Object... args) {
        return call(name, DispatchMessages.DISPATCH_METHOD | DispatchMessages.DISPATCH_PROPERTYGET, args);
    }

    /**
     * Reads a property ({@code DISPATCH_PROPERTYGET}).
     *
     * @param name the member name
     * @return the value
     */
    @Override
    public Object get(String name) {
        return call(name, DispatchMessages.DISPATCH_PROPERTYGET);
    }

    /**
     * Sets a property ({@code DISPATCH_PROPERTYPUT}, the value as the named argument {@code DISPID_PROPERTYPUT}).
     * On an object exported by this project, a property put calls the one-parameter method of that name.
     *
     * @param name the member name
     * @param value the value
     */
    @Override
    public void put(String name, Object value) {
        call(name, DispatchMessages.DISPATCH_PROPERTYPUT, value);
    }

    /**
     * Says what a failed Invoke means for the caller: DISPPARAMS number arguments from the last, a person counts
     * from the first.
     */
    static String invokeFailure(String name, int hresult, int argErr, int given) {
        String args = given + (given == 1 ? " argument" : " arguments");
        if (hresult == HResult.DISP_E_TYPEMISMATCH && argErr >= 0 && argErr < given) {
            return name + ": argument " + (given - argErr) + " of " + given + " (counting from the left) has a type"
                    + " the member does not take";
        } else if (hresult == HResult.DISP_E_BADPARAMCOUNT) {
            // a server that says only the HRESULT (one of this project's says the count in an EXCEPINFO)
            return name + " does not take " + args;
        } else if (hresult == HResult.DISP_E_PARAMNOTFOUND && argErr >= 0 && argErr < given) {
            return name + ": argument " + (given - argErr) + " of " + given + " (counting from the left) is not one"
                    + " the member has";
        }
        return "IDispatch::Invoke of " + name + " failed";
    }

    private Object call(String name, int flags, Object... args) {
        int dispId = dispIds.computeIfAbsent(io.sessionmoniker.moniker.internal.Ascii.toLowerCase(name), k -> lookup(name));
        List<Variant> variants = new ArrayList<>(args.length);
        for (Object a : args) {
            variants.add(a instanceof RemoteObject c ? new Variant.Dispatch(InterfacePointer.of(c.marshalForTransfer()))
                    : Variant.of(a));
        }
        DispParams params = flags == DispatchMessages.DISPATCH_PROPERTYPUT
                ? new DispParams(variants, List.of(DispatchMessages.DISPID_PROPERTYPUT))
                : DispParams.ofPositional(variants);
        InvokeRequest request = new InvokeRequest(state.orpcThis(), dispId, Iids.IID_NULL,
                DispatchMessages.LOCALE_SYSTEM_DEFAULT, flags, params, List.of(), List.of());
        NdrWriter w = new NdrWriter();
        request.encode(w);
        InvokeResponse response;
        try {
            response = InvokeResponse.decode(NdrReader.of(state.call(Iids.IDISPATCH, DispatchMessages.OPNUM_INVOKE,
                    w.toBytes())));
        } catch (WireFormatException e) {
            throw new RpcException(HResult.RPC_X_BAD_STUB_DATA, "bad Invoke response: " + e.getMessage(), e);
        }
        if (response.hresult() == HResult.DISP_E_EXCEPTION) {
            ExcepInfo x = response.excepInfo();
            // the EXCEPINFO's scode is the failure; an EXCEPINFO with only a wCode (scode 0) reads as E_FAIL
            throw new ComException(HResult.failed(x.scode()) ? x.scode() : HResult.E_FAIL, name
                    + " failed on the server: " + (x.description() == null ? "no description" : x.description())
                    + (x.code() != 0 ? " (wCode " + x.code() + ")" : ""));
        }
        if (HResult.failed(response.hresult())) {
            throw new ComException(response.hresult(), invokeFailure(name, response.hresult(), response.argErr(),
                    variants.size()));
        }
        Variant result = response.result();
        if (result instanceof Variant.Dispatch d) {
            try {
                return client.dispatch(d.pointer().objRef());
            } catch (WireFormatException e) {
                throw new RpcException(HResult.RPC_X_BAD_STUB_DATA, "bad OBJREF in a result: " + e.getMessage(), e);
            }
        }
        return result.toJava();
    }

    private int lookup(String name) {
        GetIdsOfNamesRequest request = new GetIdsOfNamesRequest(state.orpcThis(),
                Iids.IID_NULL, List.of(name), DispatchMessages.LOCALE_SYSTEM_DEFAULT);
        NdrWriter w = new NdrWriter();
        request.encode(w);
        GetIdsOfNamesResponse response;
        try {
            response = GetIdsOfNamesResponse.decode(NdrReader.of(state.call(Iids.IDISPATCH,
                    DispatchMessages.OPNUM_GET_IDS_OF_NAMES, w.toBytes())));
        } catch (WireFormatException e) {
            throw new RpcException(HResult.RPC_X_BAD_STUB_DATA, "bad GetIDsOfNames response: " + e.getMessage(), e);
        }
        if (HResult.failed(response.hresult()) || response.dispIds().isEmpty()) {
            throw new ComException(response.hresult(), "the object has no member named \"" + name + "\"");
        }
        return response.dispIds().get(0);
    }

    /** Releases the IDispatch reference. Idempotent. */
    @Override
    public void close() {
        state.release();
    }
}
