package io.sessionmoniker.moniker;

import java.util.Objects;

/**
 * {@code new:GUID}: binding it gets the class object and calls {@code IClassFactory::CreateInstance}, so it
 * yields an instance in one step.
 *
 * <pre>{@code
 * NewMoniker.of(Guid.parse("{10000013-0000-0000-0000-000000000001}")).displayName();
 * // "new:10000013-0000-0000-0000-000000000001"
 * }</pre>
 *
 * @param clsid the class to instantiate
 */
public record NewMoniker(Guid clsid) implements Moniker {

    /** CLSID_NewMoniker, {@code ECABAFC6-7F19-11D2-978E-0000F8757E2A}. */
    public static final Guid CLSID = Guid.of(0xECABAFC6_7F19_11D2L, 0x978E_0000_F875_7E2AL);

    /**
     * Validates the component.
     *
     * @param clsid the class; not null
     */
    public NewMoniker {
        Objects.requireNonNull(clsid, "clsid");
    }

    /**
     * Returns the moniker.
     *
     * @param clsid the class
     * @return the moniker
     */
    public static NewMoniker of(Guid clsid) {
        return new NewMoniker(clsid);
    }

    @Override
    public Kind kind() {
        return Kind.NEW;
    }

    @Override
    public String displayName() {
        return "new:" + clsid;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
