package io.sessionmoniker.activation.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a file a user named (a scenario, a {@code .reg} file) with a bound, whatever is at the path: only a regular
 * file is opened — a FIFO would block the open until a writer came, a device such as {@code /dev/zero} never ends,
 * a directory has no content — and no more than the limit and one byte is ever read, whatever size the file
 * claims or reaches while it is read.
 *
 * <pre>{@code
 * byte[] bytes = BoundedFiles.read(Path.of("lab.json"), 1 << 20);
 * }</pre>
 */
public final class BoundedFiles {

    private BoundedFiles() {
    }

    /** The path names something other than a regular file; nothing was opened. */
    public static final class NotRegularFileException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String kind;

        NotRegularFileException(Path file, String kind) {
            super(file + " is " + kind + ", not a regular file");
            this.kind = kind;
        }

        /**
         * Returns what is at the path.
         *
         * @return such as {@code "a directory"}, {@code "a FIFO (named pipe)"} or {@code "a character device"}
         */
        public String kind() {
            return kind;
        }
    }

    /** The file holds more than the limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long size;

        TooLargeException(Path file, long size, long limit) {
            super(file + " is " + (size > limit ? size + " bytes" : "more than " + limit + " bytes") + ", more than"
                    + " the " + limit + " bytes it may hold");
            this.size = size;
        }

        /**
         * Returns the file's size as the file system gave it before the read (it may have grown since).
         *
         * @return the size in bytes
         */
        public long size() {
            return size;
        }
    }

    /**
     * Reads a regular file (a link to one is followed) of at most {@code limit} bytes.
     *
     * @param file the path
     * @param limit the most bytes the file may hold, at most {@code Integer.MAX_VALUE - 8}
     * @return its bytes
     * @throws NotRegularFileException if the path names a directory, FIFO, device or socket (it is not opened)
     * @throws TooLargeException if the file holds more than the limit
     * @throws IOException if the file cannot be read (such as {@link java.nio.file.NoSuchFileException})
     */
    public static byte[] read(Path file, long limit) throws IOException {
        if (limit < 0 || limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a limit is 0 to " + (Integer.MAX_VALUE - 8) + ", not " + limit);
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(file, kind(file, a));
        }
        if (a.size() > limit) {
            throw new TooLargeException(file, a.size(), limit);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) limit + 1);
        }
        if (bytes.length > limit) {
            throw new TooLargeException(file, a.size(), limit);
        }
        return bytes;
    }

    /**
     * Reads the last lines of a regular file (a log), never more than {@code maxBytes} from its end, however large
     * it has grown: a line cut by that bound is left out, and undecodable bytes become U+FFFD.
     *
     * @param file the path
     * @param maxBytes the most bytes read, from the end
     * @param maxLines the most lines returned, the last ones
     * @return the lines, oldest first; empty for an empty file
     * @throws NotRegularFileException if the path names a directory, FIFO, device or socket (it is not opened)
     * @throws IOException if the file cannot be read
     */
    public static java.util.List<String> tailLines(Path file, int maxBytes, int maxLines) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(file, kind(file, a));
        }
        byte[] bytes;
        long start;
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            start = Math.max(0, size - maxBytes);
            ch.position(start);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(maxBytes, size - start));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the buffer is full or the file ends (it may have shrunk)
            }
            bytes = java.util.Arrays.copyOf(buf.array(), buf.position());
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<String> lines = new java.util.ArrayList<>(text.lines().toList());
        if (start > 0 && !lines.isEmpty()) {
            lines.remove(0);   // begins somewhere inside a line
        }
        return java.util.List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    /**
     * Describes what is at a path that is not a regular file, in words for a message.
     *
     * @param file the path
     * @param a its attributes
     * @return such as {@code "a FIFO (named pipe)"}
     */
    static String kind(Path file, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        int type;
        try {
            type = ((Integer) Files.getAttribute(file, "unix:mode")) & 0170000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
        return switch (type) {
            case 0010000 -> "a FIFO (named pipe)";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "a special file";
        };
    }
}
