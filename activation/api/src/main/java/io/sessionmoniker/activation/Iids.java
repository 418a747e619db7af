package io.sessionmoniker.activation;

import io.sessionmoniker.moniker.Guid;

/**
 * The interface ids the object RPC layer itself needs.
 *
 * <pre>{@code
 * SyntaxId.of(Iids.IREMUNKNOWN2);   // what j-Interop binds for RemAddRef/RemRelease/RemQueryInterface2
 * }</pre>
 */
public final class Iids {

    /** IID_NULL (GUID_NULL), what IDispatch::GetIDsOfNames and Invoke take as {@code riid}. */
    public static final Guid IID_NULL = Guid.NULL;
    /** IUnknown. */
    public static final Guid IUNKNOWN = Guid.parse("00000000-0000-0000-C000-000000000046");
    /** IRemUnknown (MS-DCOM 3.1.1.5.6). */
    public static final Guid IREMUNKNOWN = Guid.parse("00000131-0000-0000-C000-000000000046");
    /** IRemUnknown2 (MS-DCOM 3.1.1.5.7). */
    public static final Guid IREMUNKNOWN2 = Guid.parse("00000143-0000-0000-C000-000000000046");
    /** IDispatch (MS-OAUT 3.1.4). */
    public static final Guid IDISPATCH = Guid.parse("00020400-0000-0000-C000-000000000046");

    private Iids() {
    }
}
