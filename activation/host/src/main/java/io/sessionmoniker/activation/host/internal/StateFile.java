package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.moniker.HResult;
import io.sessionmoniker.activation.host.RegistryStateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The class registry's state file: a 24-byte header, then a body (the registrations as {@code .reg} text).
 *
 * <pre>
 * offset  size  field
 *  0       8    signature, the ASCII bytes "SMCLSREG"
 *  8       4    format version, big-endian; this is version 1
 * 12       4    body length in bytes, big-endian
 * 16       4    CRC-32 of the body, big-endian
 * 20       4    CRC-32 of bytes 0..19, big-endian
 * 24       n    body
 * </pre>
 *
 * <p>Written crash-safely: the whole file goes to {@code <name>.tmp} in the same directory, which is forced to
 * disk, then renamed over the state file atomically, then the directory is forced so the rename itself is
 * durable. A crash leaves either the old file or the new one; a left-over temporary file is never read, and the
 * next save replaces it.
 */
public final class StateFile {

    /** The state file's name in the state directory. */
    public static final String FILE_NAME = "class-registry.state";
    /** The temporary file's name. */
    public static final String TEMP_NAME = FILE_NAME + ".tmp";
    /** The current format version. */
    public static final int VERSION = 1;
    /** The header's size. */
    public static final int HEADER_SIZE = 24;

    private static final byte[] SIGNATURE = "SMCLSREG".getBytes(StandardCharsets.US_ASCII);

    private StateFile() {
    }

    /**
     * Wraps a body in the header.
     *
     * @param body the body
     * @return the file's bytes
     */
    public static byte[] encode(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + body.length);
        b.put(SIGNATURE).putInt(VERSION).putInt(body.length).putInt((int) crc(body, 0, body.length));
        b.putInt((int) crc(b.array(), 0, 20));
        b.put(body);
        return b.array();
    }

    /**
     * Checks a file's bytes and returns its body.
     *
     * @param file the file, for messages
     * @param bytes its bytes
     * @return the body
     * @throws RegistryStateException naming what is wrong
     */
    public static byte[] decode(Path file, byte[] bytes) {
        if (bytes.length < HEADER_SIZE) {
            throw new RegistryStateException(file, "the file has " + bytes.length + " bytes, fewer than its "
                    + HEADER_SIZE + "-byte header: it was cut short (a torn write?)", null);
        }
        if (!Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new RegistryStateException(file, "the file does not start with the signature \"SMCLSREG\": it is"
                    + " not a class registry state file, or its first bytes are damaged", null);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = b.getInt(8);
        int length = b.getInt(12);
        int bodyCrc = b.getInt(16);
        int headerCrc = b.getInt(20);
        if ((int) crc(bytes, 0, 20) != headerCrc) {
            throw new RegistryStateException(file, "the header's CRC-32 does not match its content: the header is"
                    + " corrupt", null);
        }
        if (version != VERSION) {
            throw new RegistryStateException(file, "format version " + Integer.toUnsignedString(version)
                    + " is not supported; this build reads version " + VERSION, null);
        }
        long announced = Integer.toUnsignedLong(length);
        long present = bytes.length - HEADER_SIZE;
        if (present < announced) {
            throw new RegistryStateException(file, "the header announces " + announced + " body bytes but only "
                    + present + " follow: the file was cut short (a torn write?)", null);
        }
        if (present > announced) {
            throw new RegistryStateException(file, "the header announces " + announced + " body bytes but "
                    + present + " follow: the file has trailing data", null);
        }
        int actual = (int) crc(bytes, HEADER_SIZE, bytes.length);
        if (actual != bodyCrc) {
            throw new RegistryStateException(file, String.format(Locale.ROOT,
                    "the body's CRC-32 is 0x%08X but the header says 0x%08X: the body is corrupt", actual, bodyCrc),
                    null);
        }
        return Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length);
    }

    /**
     * Reads a state file if there is one.
     *
     * @param file the file
     * @param maxBytes the largest file accepted
     * @return its body, or empty if the file does not exist
     * @throws RegistryStateException if the file is malformed, too large, or cannot be read
     */
    public static Optional<byte[]> read(Path file, long maxBytes) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RegistryStateException(HResult.ERROR_REGISTRY_IO_FAILED, file,
                    "cannot read it: " + e, e);
        }
        if (bytes.length > maxBytes) {
            throw new RegistryStateException(file, "the file is larger than the limit of " + maxBytes
                    + " bytes (RegFileLimits.maxFileBytes plus the " + HEADER_SIZE + "-byte header)", null);
        }
        return Optional.of(decode(file, bytes));
    }

    /**
     * Replaces the state file crash-safely with a body.
     *
     * @param directory the state directory (created if missing)
     * @param body the body
     * @throws RegistryStateException if the operating system fails; the old state file is then unchanged
     */
    public static void write(Path directory, byte[] body) {
        Path file = directory.resolve(FILE_NAME);
        Path temp = directory.resolve(TEMP_NAME);
        try {
            Files.createDirectories(directory);
            byte[] bytes = encode(body);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically, so the state file cannot be"
                        + " replaced crash-safely", e);
            }
            forceDirectory(directory);
        } catch (IOException e) {
            throw new RegistryStateException(HResult.ERROR_REGISTRY_IO_FAILED, file,
                    "cannot write it: " + e, e);
        }
    }

    /** Makes a rename in the directory durable; file systems that cannot open a directory (Windows) skip this. */
    private static void forceDirectory(Path directory) {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Opening a directory is not possible everywhere; where it is not, the rename's durability rests on
            // the file system's own journal.
            return;
        }
    }

    private static long crc(byte[] b, int from, int to) {
        CRC32 c = new CRC32();
        c.update(b, from, to - from);
        return c.getValue();
    }
}
