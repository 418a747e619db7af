package io.sessionmoniker.activation.host.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operating system's accounts, for the {@code os} identity mode: looked up through {@code getent passwd} (so
 * that every NSS source counts), and the tool that starts a process as one ({@code setpriv}).
 */
public final class OsAccounts {

    /** Where {@code setpriv} (util-linux) is looked for. */
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    /**
     * An account.
     *
     * @param name the login name
     * @param uid the user id
     * @param gid the primary group id
     */
    public record Account(String name, long uid, long gid) {
    }

    private OsAccounts() {
    }

    /**
     * The {@code os} identity mode's mapping: scenario users to OS accounts, and {@code setpriv} to switch to them.
     * The service identities ({@code SYSTEM} and the service accounts) run as root, the host's own account.
     *
     * @param setpriv the tool
     * @param accounts scenario user name to OS account
     */
    public record Mapping(Path setpriv, java.util.Map<String, Account> accounts) {
        /**
         * Copies the map.
         *
         * @param setpriv not null
         * @param accounts not null
         */
        public Mapping {
            accounts = java.util.Map.copyOf(accounts);
        }

        /**
         * Returns the account a scenario user's servers run as.
         *
         * @param user the scenario user (or a service identity's name)
         * @return the account, or empty when the user has none
         */
        public Optional<Account> accountOf(String user) {
            Account a = accounts.get(user);
            if (a == null && SERVICE_IDENTITIES.contains(user)) {
                return Optional.of(ROOT);
            }
            return Optional.ofNullable(a);
        }
    }

    /** The account the host runs as in the {@code os} mode. */
    public static final Account ROOT = new Account("root", 0, 0);

    private static final java.util.Set<String> SERVICE_IDENTITIES = java.util.Set.of("SYSTEM", "LOCAL SERVICE",
            "NETWORK SERVICE");

    /**
     * Returns this process's user id.
     *
     * @return the uid
     * @throws IOException if it cannot be read
     */
    public static long currentUid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }

    /**
     * Finds {@code setpriv}.
     *
     * @return its path, or empty when it is not installed
     */
    public static Optional<Path> setpriv() {
        return SETPRIV.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Looks an account up.
     *
     * @param name the login name
     * @return the account, or empty when there is none of that name
     * @throws IOException if {@code getent} cannot be run
     */
    public static Optional<Account> lookup(String name) throws IOException {
        if (name.isEmpty() || name.startsWith("-") || name.contains(":") || name.contains("\n")) {
            return Optional.empty();
        }
        Process p = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("getent passwd " + name + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking up " + name, e);
        }
        if (p.exitValue() != 0) {
            return Optional.empty();
        }
        String[] f = new String(out, StandardCharsets.UTF_8).strip().split(":", -1);
        if (f.length < 4 || !f[0].equals(name)) {
            throw new IOException("getent passwd " + name + " answered something unexpected: " + String.join(":", f));
        }
        try {
            return Optional.of(new Account(name, Long.parseLong(f[2]), Long.parseLong(f[3])));
        } catch (NumberFormatException e) {
            throw new IOException("getent passwd " + name + " gave a non-numeric id: " + String.join(":", f), e);
        }
    }

    /**
     * Returns the command prefix that runs a program as an account: {@code setpriv} with its user, primary group and
     * supplementary groups.
     *
     * @param setpriv the tool
     * @param account the account
     * @return the prefix, to be followed by the program and its arguments
     */
    public static List<String> runAs(Path setpriv, Account account) {
        List<String> prefix = new ArrayList<>();
        prefix.add(setpriv.toString());
        prefix.add("--reuid=" + account.uid());
        prefix.add("--regid=" + account.gid());
        prefix.add("--init-groups");
        prefix.add("--");
        return prefix;
    }
}
