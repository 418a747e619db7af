package io.sessionmoniker.activation.dcom.wire;

/** The interface ids of the DCOM network interfaces. */
public final class DcomIids {
    private DcomIids() {
    }
}
