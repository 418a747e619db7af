package io.sessionmoniker.samples;

import io.sessionmoniker.activation.ActivatorSettings;
import io.sessionmoniker.activation.remote.AuthenticationLevel;
import io.sessionmoniker.activation.remote.RemoteCredentials;
import io.sessionmoniker.activation.remote.RemoteHost;
import io.sessionmoniker.activation.remote.RemoteSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --remote HOST[:PORT] --user [DOMAIN\]USER [--password-file FILE] [--authn-level LEVEL]}: the remote
 * backend, which activates on another host over DCOM. The password is never an argument: it comes from
 * {@code --password-file} (a file only its owner may read, at most {@value #MAX_PASSWORD_BYTES} bytes, one trailing
 * line break ignored) or else the environment variable {@value #PASSWORD_VARIABLE}.
 */
final class RemoteOptions {

    /** The environment variable the password is read from when no file is given. */
    static final String PASSWORD_VARIABLE = "SESSMON_PASSWORD";
    /** The largest password file read. */
    static final int MAX_PASSWORD_BYTES = 1024;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--remote", paramLabel = "HOST[:PORT]",
            description = "activate on HOST over DCOM (port 135 unless given) with the remote backend")
    String remote;

    @Option(names = "--user", paramLabel = "[DOMAIN\\]USER", description = "the account to log on to --remote with")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "read the password of --user from FILE"
            + " (only its owner may read it); else from the environment variable " + PASSWORD_VARIABLE)
    Path passwordFile;

    @Option(names = "--authn-level", paramLabel = "LEVEL",
            description = "connect, integrity or privacy (the default): how --remote protects the calls")
    String level;

    /** Whether the remote backend is asked for. */
    boolean isSet() {
        return remote != null;
    }

    /** Refuses the remote options without {@code --remote} (exit 2). */
    void refuseWithoutRemote() {
        if (remote == null && (user != null || passwordFile != null || level != null)) {
            throw new ParameterException(command.commandLine(), "--user, --password-file and --authn-level are for"
                    + " --remote HOST[:PORT]");
        }
    }

    /**
     * Builds the settings; the password is read here and held only as its NT hash.
     *
     * @return the remote backend's settings
     * @throws ParameterException (exit 2) for a bad host, a missing user or password, or a password file that
     *     others may read
     */
    ActivatorSettings settings() {
        RemoteHost host;
        try {
            host = RemoteHost.parse(remote);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--remote " + remote + ": " + e.getMessage(), e);
        }
        if (user == null || user.isEmpty()) {
            throw new ParameterException(command.commandLine(), "--remote needs --user [DOMAIN\\]USER");
        }
        ActivatorSettings s = ActivatorSettings.defaults().with(RemoteSettings.HOST, host);
        if (level != null) {
            AuthenticationLevel l;
            try {
                l = AuthenticationLevel.valueOf(level.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "--authn-level " + level
                        + ": the levels are connect, integrity and privacy");
            }
            s = s.with(RemoteSettings.AUTHENTICATION_LEVEL, l);
        }
        char[] password = password();
        try {
            return s.with(RemoteSettings.CREDENTIALS, RemoteCredentials.parseUser(user, password));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--user " + user + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] password() {
        if (passwordFile != null) {
            return readPasswordFile(passwordFile);
        }
        String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
        if (fromEnvironment == null) {
            throw new ParameterException(command.commandLine(), "--remote needs the password of " + user + ": set "
                    + PASSWORD_VARIABLE + " or give --password-file FILE (never on the command line)");
        }
        return fromEnvironment.toCharArray();
    }

    private char[] readPasswordFile(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            throw new ParameterException(command.commandLine(), "--password-file " + file + ": this file system"
                    + " cannot tell who may read it; use " + PASSWORD_VARIABLE + " instead");
        } catch (IOException e) {
            throw new ParameterException(command.commandLine(), "--password-file " + file + ": cannot read it ("
                    + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ParameterException(command.commandLine(), "--password-file " + file + ": not a regular file");
        }
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        others.retainAll(perms);
        if (!others.isEmpty()) {
            throw new ParameterException(command.commandLine(), "--password-file " + file + ": its group or other"
                    + " users may read or change it (" + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                    + "); make it readable by its owner only: chmod 600 " + file);
        }
        byte[] bytes = new byte[MAX_PASSWORD_BYTES + 1];
        int n = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int r;
            while (n < bytes.length && (r = in.read(bytes, n, bytes.length - n)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            Arrays.fill(bytes, (byte) 0);
            throw new ParameterException(command.commandLine(), "--password-file " + file + ": cannot read it ("
                    + e.getMessage() + ")");
        }
        try {
            if (n > MAX_PASSWORD_BYTES) {
                throw new ParameterException(command.commandLine(), "--password-file " + file + ": longer than "
                        + MAX_PASSWORD_BYTES + " bytes; it should hold only the password");
            }
            if (n > 0 && bytes[n - 1] == '\n') {
                n--;
                if (n > 0 && bytes[n - 1] == '\r') {
                    n--;
                }
            }
            CharBuffer chars;
            try {
                chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
            } catch (CharacterCodingException e) {
                throw new ParameterException(command.commandLine(), "--password-file " + file + ": not UTF-8 text");
            }
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
