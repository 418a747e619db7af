package io.sessionmoniker.activation.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of files a user or a server controls: regular files only, never past their bound. */
class BoundedFilesTest {

    @TempDir
    Path dir;

    Path fifo(String name) throws Exception {
        Path at = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return at;
    }

    @Test
    void aFileWithinItsBoundIsReadWhole() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, BoundedFiles.read(f, 3));
        BoundedFiles.TooLargeException e = assertThrows(BoundedFiles.TooLargeException.class,
                () -> BoundedFiles.read(f, 2));
        assertEquals(3, e.size());
    }

    @Test
    void whatIsNotARegularFileIsNamedAndNotOpened() throws Exception {
        Path fifo = fifo("p");
        assertEquals("a FIFO (named pipe)", assertThrows(BoundedFiles.NotRegularFileException.class,
                () -> BoundedFiles.read(fifo, 10)).kind());
        assertEquals("a FIFO (named pipe)", assertThrows(BoundedFiles.NotRegularFileException.class,
                () -> BoundedFiles.tailLines(fifo, 10, 1)).kind());
        assertEquals("a character device", assertThrows(BoundedFiles.NotRegularFileException.class,
                () -> BoundedFiles.read(Path.of("/dev/zero"), 10)).kind());
        BoundedFiles.NotRegularFileException d = assertThrows(BoundedFiles.NotRegularFileException.class,
                () -> BoundedFiles.read(dir, 10));
        assertEquals(dir + " is a directory, not a regular file", d.getMessage());
    }

    @Test
    void theTailOfAHugeLogIsItsLastLinesReadFromItsEnd() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            b.append("line ").append(i).append('\n');
        }
        Path log = Files.writeString(dir.resolve("server.log"), b, StandardCharsets.UTF_8);
        assertEquals(List.of("line 199997", "line 199998", "line 199999"), BoundedFiles.tailLines(log, 4096, 3));
        // the bound cuts a line: it is left out
        List<String> cut = BoundedFiles.tailLines(log, 15, 10);
        assertEquals(List.of("line 199999"), cut);
        assertEquals(List.of(), BoundedFiles.tailLines(Files.createFile(dir.resolve("empty.log")), 4096, 3));
        assertTrue(BoundedFiles.tailLines(Files.writeString(dir.resolve("one"), "only", StandardCharsets.UTF_8),
                4096, 3).contains("only"));
    }
}
