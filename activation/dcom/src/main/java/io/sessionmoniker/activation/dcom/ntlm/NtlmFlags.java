package io.sessionmoniker.activation.dcom.ntlm;

/** The negotiate flags of MS-NLMP 2.2.2.5. */
public final class NtlmFlags {
    private NtlmFlags() {
    }
}
