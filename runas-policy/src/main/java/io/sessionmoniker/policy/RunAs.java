package io.sessionmoniker.policy;

import io.sessionmoniker.moniker.internal.Ascii;
import java.util.Objects;
import java.util.Optional;

/**
 * An AppID's identity setting: which {@link IdentityKind}, and for {@code This User} the account, for
 * {@code Service} the service name.
 *
 * <pre>{@code
 * RunAs.fromRegistry(Optional.of("Interactive User"), Optional.empty());   // interactive user
 * RunAs.fromRegistry(Optional.empty(), Optional.empty());                  // launching user (the default)
 * RunAs.fromRegistry(Optional.of("CONTOSO\\svc"), Optional.empty());        // this user: CONTOSO\svc
 * RunAs.fromRegistry(Optional.of("Interactive User"), Optional.of("Spooler")); // service: RunAs is not used
 * }</pre>
 *
 * @param kind the identity kind
 * @param account the account for {@link IdentityKind#THIS_USER}, the service for {@link IdentityKind#SERVICE},
 *     empty otherwise
 */
public record RunAs(IdentityKind kind, Optional<String> account) {

    /** The registry spelling of the interactive-user setting. */
    public static final String INTERACTIVE_USER_VALUE = "Interactive User";

    /**
     * Validates the components.
     *
     * @param kind not null
     * @param account present exactly for {@code THIS_USER} and {@code SERVICE}, and not blank
     */
    public RunAs {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        boolean needsAccount = kind == IdentityKind.THIS_USER || kind == IdentityKind.SERVICE;
        if (needsAccount != account.isPresent() || account.map(String::isBlank).orElse(false)) {
            throw new IllegalArgumentException(kind.label() + (needsAccount ? " needs" : " takes no") + " account");
        }
    }

    /**
     * Returns {@code RunAs = "Interactive User"}.
     *
     * @return the setting
     */
    public static RunAs interactiveUser() {
        return new RunAs(IdentityKind.INTERACTIVE_USER, Optional.empty());
    }

    /**
     * Returns the launching-user setting (no {@code RunAs} value).
     *
     * @return the setting
     */
    public static RunAs launchingUser() {
        return new RunAs(IdentityKind.LAUNCHING_USER, Optional.empty());
    }

    /**
     * Returns a named-account setting.
     *
     * @param account {@code user} or {@code domain\\user}
     * @return the setting
     */
    public static RunAs thisUser(String account) {
        return new RunAs(IdentityKind.THIS_USER, Optional.of(account));
    }

    /**
     * Returns a service setting ({@code LocalService} value).
     *
     * @param service the service name
     * @return the setting
     */
    public static RunAs service(String service) {
        return new RunAs(IdentityKind.SERVICE, Optional.of(service));
    }

    /**
     * Reads the setting the way COM does from an AppID key: a {@code LocalService} value makes the server a
     * service and {@code RunAs} is not used; otherwise {@code RunAs} absent or empty means the launching user,
     * {@code Interactive User} (compared ASCII case-insensitively) the interactive user, and anything else a
     * named account.
     *
     * @param runAsValue the {@code RunAs} value, if present
     * @param localServiceValue the {@code LocalService} value, if present
     * @return the setting
     */
    public static RunAs fromRegistry(Optional<String> runAsValue, Optional<String> localServiceValue) {
        Optional<String> service = localServiceValue.map(String::strip).filter(s -> !s.isEmpty());
        if (service.isPresent()) {
            return service(service.get());
        }
        String runAs = runAsValue.map(String::strip).orElse("");
        if (runAs.isEmpty()) {
            return launchingUser();
        }
        if (Ascii.equalsIgnoreCase(runAs, INTERACTIVE_USER_VALUE)) {
            return interactiveUser();
        }
        return thisUser(runAs);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case INTERACTIVE_USER -> "Interactive User";
            case LAUNCHING_USER -> "Launching User";
            case THIS_USER -> "This User (" + account.orElseThrow() + ")";
            case SERVICE -> "Service (" + account.orElseThrow() + ")";
        };
    }
}
