package io.sessionmoniker.activation.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code MULTI_QI} from {@code objidlbase.h}: one interface requested from {@code CoCreateInstanceEx} and what came
 * back.
 *
 * <pre>
 * typedef struct tagMULTI_QI { const IID *pIID; IUnknown *pItf; HRESULT hr; } MULTI_QI;
 * </pre>
 *
 * <p>Windows x64: 24 bytes; {@code pItf} at 8, {@code hr} at 16, 4 bytes of tail padding. Pass arrays made with
 * {@link #toArray(int)} so the elements are contiguous, as Windows expects.
 *
 * <pre>{@code
 * MULTI_QI[] results = (MULTI_QI[]) new MULTI_QI().toArray(1);
 * results[0].pIID = NativeGuid.allocate(IID_IUnknown);
 * }</pre>
 */
@FieldOrder({"pIID", "pItf", "hr"})
public class MULTI_QI extends LayoutStructure {

    /** {@code const IID*}: the interface wanted (in). */
    public Pointer pIID;
    /** {@code IUnknown*}: the interface pointer, {@code NULL} on failure (out). */
    public Pointer pItf;
    /** {@code HRESULT} of this interface's QueryInterface (out). */
    public int hr;

    /** Allocates a zeroed structure. */
    public MULTI_QI() {
        super();
    }
}
