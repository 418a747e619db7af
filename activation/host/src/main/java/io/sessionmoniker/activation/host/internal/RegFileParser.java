package io.sessionmoniker.activation.host.internal;

import io.sessionmoniker.activation.host.RegFileFormatException;
import io.sessionmoniker.activation.host.RegFileLimits;
import io.sessionmoniker.activation.host.RegistryPath;
import io.sessionmoniker.activation.host.RegistryRoot;
import io.sessionmoniker.activation.host.RegistryValue;
import io.sessionmoniker.moniker.internal.Ascii;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code .reg} file: a cursor over the decoded text that hands each edit to a {@link RegEditSink}.
 * A malformed line does not stop the reading: the parser notes it, skips to the next line (past the continuation
 * lines of a broken value) and reads on, so that one {@link RegFileFormatException} reports every bad line with
 * its line and column. From the first bad line on, no edit reaches the sink, so a file with errors imports
 * nothing after them and the readers that build a hive from it import nothing at all.
 *
 * <p>The grammar, line by line (a line ends at CRLF, LF or CR; blanks are spaces and tabs):
 * <pre>
 * file        = *blank-line header *line
 * header      = "Windows Registry Editor Version 5.00" / "REGEDIT4"      ; exactly so, then *blank
 * line        = *blank ( "" / comment / key-line / value-line ) *blank
 * comment     = ( ";" / "#" ) *any
 * key-line    = "[" ["-"] root *( "\" key-name ) "]"
 * value-line  = ( "@" / quoted ) *blank "=" *blank data
 * data        = "-" / quoted / "dword:" *blank 1*8HEX / "hex" [ "(" 1*8HEX ")" ] ":" hex-bytes
 * hex-bytes   = [ byte *( "," byte ) ]      ; blanks around bytes and commas, and a "\" ending a line
 *                                           ; (continuation) wherever a blank may stand, except after a byte
 * continuation = "\" *blank [ comment ] EOL *( *blank comment EOL )    ; then a line that holds bytes
 * byte        = 2HEX
 * quoted      = DQUOTE *( char / "\\" / "\" DQUOTE ) DQUOTE
 * </pre>
 *
 * <p>{@code hex(2)} and {@code hex(7)} data without its terminating NUL gets one, as regedit stores it.
 */
public final class RegFileParser {

    /** The first line of a version 5 file. */
    public static final String HEADER_V5 = "Windows Registry Editor Version 5.00";
    /** The first line of a version 4 file. */
    public static final String HEADER_V4 = "REGEDIT4";

    /** The most bad lines one file reports before the reading gives up. */
    static final int MAX_PROBLEMS = 1000;

    /** Where edits go once a line was bad: nowhere. */
    private static final RegEditSink DISCARD = new RegEditSink() {
        @Override
        public void createKey(RegistryPath path) {
        }

        @Override
        public void deleteKey(RegistryPath path) {
        }

        @Override
        public void setValue(RegistryPath path, RegistryValue value) {
        }

        @Override
        public void deleteValue(RegistryPath path, String name) {
        }
    };

    /** Windows-1252's characters for bytes 0x80..0x9F; the five bytes it leaves undefined map to C1 controls. */
    private static final char[] CP1252_HIGH = {
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178'
    };

    private final String source;
    private final String text;
    private final int n;
    private final RegFileLimits limits;
    private RegEditSink sink;
    private final List<RegFileFormatException.Problem> problems = new ArrayList<>();

    private int pos;
    private int line = 1;
    private int lineStart;
    private boolean regedit4;
    private RegistryPath key;
    private boolean keyDeleted;

    private RegFileParser(String source, String text, RegFileLimits limits, RegEditSink sink) {
        this.source = source;
        this.text = text;
        this.n = text.length();
        this.limits = limits;
        this.sink = sink;
    }

    /**
     * Decodes and parses a file's bytes.
     *
     * @param source the file's name, for error messages
     * @param content the bytes: UTF-16LE with a byte order mark, or UTF-8 with or without one
     * @param limits the limits
     * @param sink where the edits go
     * @throws RegFileFormatException for any malformed content
     */
    public static void parse(String source, byte[] content, RegFileLimits limits, RegEditSink sink) {
        String text = decode(source, content, limits);
        new RegFileParser(source, text, limits, sink).run();
    }

    /**
     * Parses already decoded text.
     *
     * @param source the file's name, for error messages
     * @param text the text; a leading U+FEFF is skipped
     * @param limits the limits
     * @param sink where the edits go
     * @throws RegFileFormatException for any malformed content
     */
    public static void parseText(String source, String text, RegFileLimits limits, RegEditSink sink) {
        String t = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        if (t.length() > limits.maxFileBytes()) {
            throw new RegFileFormatException(source, 1, 1, "the text has " + t.length()
                    + " characters, more than the limit of " + limits.maxFileBytes() + " (RegFileLimits.maxFileBytes)");
        }
        new RegFileParser(source, t, limits, sink).run();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Decoding

    static String decode(String source, byte[] b, RegFileLimits limits) {
        if (b.length > limits.maxFileBytes()) {
            throw new RegFileFormatException(source, 1, 1, "the file has " + b.length
                    + " bytes, more than the limit of " + limits.maxFileBytes() + " bytes (RegFileLimits.maxFileBytes)");
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            String text = Utf16.decode(b, 2, b.length);
            if ((b.length & 1) != 0) {
                throw errorAtEnd(source, text, "the file ends in the middle of a UTF-16 character (an odd number of"
                        + " bytes, " + b.length + ", follows the byte order mark): it is truncated");
            }
            return text;
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            throw new RegFileFormatException(source, 1, 1, "the file is UTF-16 big-endian (byte order mark FE FF);"
                    + " a .reg file is UTF-16LE with the byte order mark FF FE, or UTF-8");
        }
        int start = b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, start, b.length - start);
        CharBuffer out = CharBuffer.allocate(b.length - start + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            out.flip();
            throw errorAtEnd(source, out.toString(), "the file is not valid UTF-8 (byte 0x"
                    + String.format(Locale.ROOT, "%02X", b[in.position()] & 0xFF) + " at offset "
                    + in.position() + "); save it as UTF-16LE with a byte order mark, as regedit exports, or as UTF-8");
        }
        out.flip();
        return out.toString();
    }

    /** An error at the end of a decoded prefix of the file. */
    private static RegFileFormatException errorAtEnd(String source, String prefix, String reason) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= prefix.length() || prefix.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new RegFileFormatException(source, line, prefix.codePointCount(lineStart, prefix.length()) + 1, reason);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The cursor

    private void run() {
        header();
        while (pos < n) {
            try {
                skipBlanks();
                if (atLineEnd()) {
                    nextLine();
                    continue;
                }
                char c = text.charAt(pos);
                switch (c) {
                    case ';', '#' -> pos = lineEnd(pos);
                    case '[' -> keyLine();
                    case '"', '@' -> valueLine();
                    default -> throw error(pos, "expected '[', '\"', '@', ';' or an empty line but was "
                            + Ascii.describeAt(text, pos));
                }
            } catch (RegFileFormatException e) {
                problems.add(e.problems().get(0));
                sink = DISCARD;
                if (problems.size() == MAX_PROBLEMS) {
                    throw new RegFileFormatException(problems);
                }
                skipBadLine();
            }
            nextLine();
        }
        if (!problems.isEmpty()) {
            throw new RegFileFormatException(problems);
        }
    }

    /** After an error: to the end of the bad line and of the continuation lines that belong to it. */
    private void skipBadLine() {
        pos = lineEnd(Math.min(pos, n));
        while (pos < n && endsInContinuation(lineStart, pos)) {
            nextLine();
            pos = lineEnd(pos);
        }
    }

    /** Whether the line {@code [from, end)} ends in a {@code \} continuation, perhaps followed by a comment. */
    private boolean endsInContinuation(int from, int end) {
        int cut = text.indexOf('\\', from);
        if (cut < 0 || cut >= end) {
            return false;
        }
        int last = trimEnd(from, end);
        if (last > from && text.charAt(last - 1) == '\\') {
            return true;
        }
        int comment = text.lastIndexOf(';', end - 1);
        if (comment < from) {
            return false;
        }
        int beforeComment = trimEnd(from, comment);
        return beforeComment > from && text.charAt(beforeComment - 1) == '\\';
    }

    // header = "Windows Registry Editor Version 5.00" / "REGEDIT4", exactly so, after any blank lines
    private void header() {
        int start = 0;
        while (true) {
            int end = lineEnd(start);
            if (end >= n || trimEnd(start, end) != start) {
                break;
            }
            pos = end;
            nextLine();
            start = pos;
        }
        int end = lineEnd(start);
        int last = trimEnd(start, end);
        String first = text.substring(start, last);
        if (first.equals(HEADER_V5)) {
            regedit4 = false;
        } else if (first.equals(HEADER_V4)) {
            regedit4 = true;
        } else {
            String found;
            if (n == 0) {
                found = "the file is empty";
            } else if (first.length() > 1 && first.charAt(1) == '\0') {
                found = "the file looks like UTF-16LE without a byte order mark; save it with the byte order mark"
                        + " FF FE, as regedit does";
            } else if (Ascii.equalsIgnoreCase(first, HEADER_V5) || Ascii.equalsIgnoreCase(first, HEADER_V4)) {
                found = "the header is \"" + first + "\"; regedit accepts it only in exactly that spelling and case";
            } else if (first.isEmpty()) {
                found = "the file holds only blank lines";
            } else {
                String shown = org.apache.commons.lang3.StringUtils.abbreviate(first, 43);
                found = "the first line is \"" + printable(shown) + "\"";
            }
            throw error(start, "expected '" + HEADER_V5 + "' or '" + HEADER_V4 + "' as the first line but " + found);
        }
        pos = end;
        nextLine();
    }

    // key-line = "[" ["-"] root *( "\" key-name ) "]"
    private void keyLine() {
        int open = pos;
        int end = lineEnd(pos);
        int last = trimEnd(pos, end);
        if (last - 1 <= open || text.charAt(last - 1) != ']') {
            throw error(last, "expected ']' at the end of the key line but the line ended");
        }
        boolean delete = open + 1 < last - 1 && text.charAt(open + 1) == '-';
        int pathStart = open + (delete ? 2 : 1);
        int pathEnd = last - 1;
        if (pathStart == pathEnd) {
            throw error(pathStart, "expected a root key such as HKEY_LOCAL_MACHINE but the key name is empty");
        }
        int rootEnd = text.indexOf('\\', pathStart);
        if (rootEnd < 0 || rootEnd > pathEnd) {
            rootEnd = pathEnd;
        }
        String rootName = text.substring(pathStart, rootEnd);
        RegistryRoot root;
        List<String> names = new ArrayList<>();
        boolean classes = RegistryRoot.isClassesRoot(rootName);
        if (classes) {
            root = RegistryRoot.HKEY_LOCAL_MACHINE;
            names.addAll(RegistryPath.CLASSES_ROOT.names());
        } else {
            Optional<RegistryRoot> r = RegistryRoot.lookup(rootName);
            if (r.isEmpty()) {
                String shown = org.apache.commons.lang3.StringUtils.abbreviate(rootName, 63);
                throw error(pathStart, "unknown root key '" + printable(shown) + "'; expected HKEY_LOCAL_MACHINE (HKLM),"
                        + " HKEY_CURRENT_USER (HKCU), HKEY_CLASSES_ROOT (HKCR) or HKEY_USERS (HKU)");
            }
            root = r.get();
        }
        int below = names.size();
        int p = rootEnd;
        while (p < pathEnd) {
            int nameStart = p + 1;
            int next = text.indexOf('\\', nameStart);
            if (next < 0 || next > pathEnd) {
                next = pathEnd;
            }
            if (next == nameStart) {
                throw error(nameStart, "expected a key name but was " + Ascii.describeAt(text, nameStart));
            }
            String name = text.substring(nameStart, next);
            String problem = RegNames.keyNameProblem(name);
            if (problem != null) {
                throw error(nameStart, problem);
            }
            if (names.size() == RegNames.MAX_DEPTH) {
                throw error(nameStart, "a key can be at most " + RegNames.MAX_DEPTH + " levels below its root");
            }
            names.add(name);
            p = next;
        }
        RegistryPath path = RegistryPath.of(root, names.toArray(new String[0]));
        if (delete) {
            if (names.size() == below) {
                throw error(pathStart, "the root key " + (classes ? RegistryRoot.CLASSES_ROOT_NAME : root.name())
                        + " cannot be deleted");
            }
            sink.deleteKey(path);
        } else {
            sink.createKey(path);
        }
        key = path;
        keyDeleted = delete;
        pos = end;
    }

    // value-line = ( "@" / quoted ) *blank "=" *blank data
    private void valueLine() {
        int start = pos;
        if (key == null) {
            throw error(start, "expected a [KEY] line before the first value");
        }
        if (keyDeleted) {
            throw error(start, "a value cannot follow the key deletion [-" + key + "]; start a [KEY] line first");
        }
        String name;
        if (text.charAt(pos) == '@') {
            name = "";
            pos++;
        } else {
            name = quoted(RegNames.MAX_VALUE_NAME_LENGTH * 2 + 2, "value name");
            String problem = RegNames.valueNameProblem(name);
            if (problem != null) {
                throw error(start, problem);
            }
        }
        skipBlanks();
        if (pos >= n || text.charAt(pos) != '=') {
            throw error(pos, "expected '=' after the value name but was " + describeHere());
        }
        pos++;
        skipBlanks();
        if (atLineEnd()) {
            throw error(pos, "expected the value's data ('\"', 'dword:', 'hex:', 'hex(N):' or '-') after '=' but the"
                    + " line ended");
        }
        char c = text.charAt(pos);
        if (c == '-') {
            pos++;
            endOfLine("after '-'");
            sink.deleteValue(key, name);
        } else if (c == '"') {
            int at = pos;
            String s = quoted(limits.maxValueBytes(), "string");
            byte[] data = Utf16.encode(s, 1);
            checkSize(at, data.length);
            endOfLine("after the string");
            sink.setValue(key, RegistryValue.of(name, RegistryValue.REG_SZ, data));
        } else if (Ascii.regionMatchesIgnoreCase(text, pos, "dword:")) {
            pos += 6;
            skipBlanks();
            long v = hexNumber("after 'dword:'", "a dword");
            skipBlanks();
            if (!atLineEnd()) {
                throw error(pos, "expected the end of the line after the dword but was " + describeHere());
            }
            sink.setValue(key, RegistryValue.dword(name, (int) v));
        } else if (Ascii.regionMatchesIgnoreCase(text, pos, "hex")) {
            int at = pos;
            pos += 3;
            int type = RegistryValue.REG_BINARY;
            String what = "'hex'";
            if (pos < n && text.charAt(pos) == '(') {
                pos++;
                type = (int) hexNumber("after 'hex('", "a type number");
                if (pos >= n || text.charAt(pos) != ')') {
                    throw error(pos, "expected ')' after the type number but was " + describeHere());
                }
                pos++;
                what = "'hex(" + Integer.toHexString(type) + ")'";
            }
            if (pos >= n || text.charAt(pos) != ':') {
                throw error(pos, "expected ':' after " + what + " but was " + describeHere());
            }
            pos++;
            byte[] data = hexBytes();
            if (regedit4 && (type == RegistryValue.REG_SZ || type == RegistryValue.REG_EXPAND_SZ
                    || type == RegistryValue.REG_MULTI_SZ)) {
                data = ansiToUtf16(data);
            }
            if (type == RegistryValue.REG_EXPAND_SZ || type == RegistryValue.REG_MULTI_SZ) {
                data = terminated(data, type);
            }
            checkSize(at, data.length);
            sink.setValue(key, RegistryValue.of(name, type, data));
        } else {
            throw error(pos, "expected '\"', 'dword:', 'hex:', 'hex(N):' or '-' after '=' but was " + describeHere());
        }
    }

    // quoted = DQUOTE *( char / "\\" / "\" DQUOTE ) DQUOTE
    private String quoted(int maxBytes, String what) {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atLineEnd()) {
                throw error(pos, "unterminated " + what + ": expected '\"' before the end of the line");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (2L * out.length() + 4 > maxBytes) {
                if (what.equals("string")) {
                    throw error(pos, "the value's data exceeds the limit of " + maxBytes
                            + " bytes (RegFileLimits.maxValueBytes)");
                }
                throw error(pos, "a value name is limited to " + RegNames.MAX_VALUE_NAME_LENGTH + " characters");
            }
            if (c == '\\') {
                char next = pos + 1 < n ? text.charAt(pos + 1) : '\n';
                if (next == '\\' || next == '"') {
                    out.append(next);
                    pos += 2;
                } else if (next == '\r' || next == '\n') {
                    throw error(pos, "unterminated " + what + ": a '\\' ends the line, and a quoted " + what
                            + " cannot continue on the next line");
                } else {
                    throw error(pos, "unknown escape '\\" + new String(Character.toChars(text.codePointAt(pos + 1)))
                            + "' in a " + what + "; the only escapes are \\\\ and \\\" (write a backslash as \\\\)");
                }
            } else if (c == '\0') {
                throw error(pos, "NUL (U+0000) cannot appear in a quoted " + what + "; write such data as hex(1):");
            } else {
                out.append(c);
                pos++;
            }
        }
    }

    /** 1 to 8 hexadecimal digits as an unsigned 32-bit number. */
    private long hexNumber(String after, String what) {
        int start = pos;
        long v = 0;
        while (pos < n && Ascii.hexValue(text.charAt(pos)) >= 0) {
            if (pos - start == 8) {
                throw error(pos, what + " has at most 8 hexadecimal digits");
            }
            v = v << 4 | Ascii.hexValue(text.charAt(pos));
            pos++;
        }
        if (pos == start) {
            throw error(pos, "expected 1 to 8 hexadecimal digits " + after + " but was " + describeHere());
        }
        return v;
    }

    // hex-bytes: a state machine over bytes, commas, blanks and continuations
    private byte[] hexBytes() {
        byte[] out = new byte[64];
        int size = 0;
        boolean afterByte = false;
        boolean afterComma = false;
        boolean afterContinuation = false;
        while (true) {
            skipBlanks();
            if (pos < n && text.charAt(pos) == '\\' && restIsBlankOrComment(pos + 1)) {
                if (afterByte) {
                    throw error(pos, "expected ',' before the line continuation '\\'");
                }
                if (afterContinuation) {
                    throw error(pos, "expected hexadecimal bytes on the line after '\\' but the line holds only"
                            + " another '\\'; regedit refuses a lone continuation line");
                }
                continuation();
                afterContinuation = true;
                continue;
            }
            if (atLineEnd()) {
                if (afterContinuation) {
                    throw error(pos, "expected hexadecimal bytes on the line after '\\' but the line is empty");
                }
                if (afterComma) {
                    throw error(pos, "expected a hexadecimal byte after ',' but the line ended");
                }
                return Arrays.copyOf(out, size);
            }
            if (afterByte) {
                if (text.charAt(pos) != ',') {
                    throw error(pos, "expected ',' or the end of the line after a byte but was " + describeHere());
                }
                pos++;
                afterByte = false;
                afterComma = true;
                continue;
            }
            int hi = Ascii.hexValue(text.charAt(pos));
            if (hi < 0) {
                throw error(pos, "expected a hexadecimal byte (two digits) but was " + describeHere());
            }
            int lo = pos + 1 < n ? Ascii.hexValue(text.charAt(pos + 1)) : -1;
            if (lo < 0) {
                throw error(pos + 1, "expected a second hexadecimal digit (a byte is two digits) but was "
                        + Ascii.describeAt(text, pos + 1));
            }
            if (size == limits.maxValueBytes()) {
                throw error(pos, "the value's data exceeds the limit of " + limits.maxValueBytes()
                        + " bytes (RegFileLimits.maxValueBytes)");
            }
            if (size == out.length) {
                out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, limits.maxValueBytes()));
            }
            out[size++] = (byte) (hi << 4 | lo);
            pos += 2;
            afterByte = true;
            afterComma = false;
            afterContinuation = false;
        }
    }

    /**
     * At a '\' that ends its line (blanks and a comment may follow it): moves to the next line that is not a
     * comment line, since comment lines may stand inside a continued value.
     */
    private void continuation() {
        pos = lineEnd(pos);
        while (true) {
            if (pos >= n) {
                throw error(pos, "expected another line of hexadecimal bytes after '\\' but the file ended");
            }
            nextLine();
            if (pos >= n) {
                throw error(pos, "expected another line of hexadecimal bytes after '\\' but the file ended");
            }
            int p = pos;
            while (p < n && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                p++;
            }
            if (p < n && (text.charAt(p) == ';' || text.charAt(p) == '#')) {
                pos = lineEnd(p);
                continue;
            }
            return;
        }
    }

    /**
     * Adds the terminating NUL that regedit stores after {@code hex(2)} data, or the final double NUL after
     * {@code hex(7)} data, when the file leaves it out. Empty data and data of an odd length (not UTF-16 text)
     * stay as they are, and so does a {@code hex(7)} of one NUL (an empty list).
     */
    static byte[] terminated(byte[] data, int type) {
        int units = data.length / 2;
        if (units == 0 || (data.length & 1) != 0) {
            return data;
        }
        boolean lastIsNul = data[2 * units - 1] == 0 && data[2 * units - 2] == 0;
        int add;
        if (type == RegistryValue.REG_EXPAND_SZ) {
            add = lastIsNul ? 0 : 2;
        } else if (!lastIsNul) {
            add = 4;
        } else if (units >= 2 && (data[2 * units - 3] != 0 || data[2 * units - 4] != 0)) {
            add = 2;
        } else {
            add = 0;
        }
        return add == 0 ? data : Arrays.copyOf(data, data.length + add);
    }

    private byte[] ansiToUtf16(byte[] ansi) {
        byte[] out = new byte[ansi.length * 2];
        for (int i = 0; i < ansi.length; i++) {
            int b = ansi[i] & 0xFF;
            char c = b >= 0x80 && b < 0xA0 ? CP1252_HIGH[b - 0x80] : (char) b;
            out[2 * i] = (byte) c;
            out[2 * i + 1] = (byte) (c >>> 8);
        }
        return out;
    }

    private void checkSize(int at, int size) {
        if (size > limits.maxValueBytes()) {
            throw error(at, "the value's data (" + size + " bytes) exceeds the limit of " + limits.maxValueBytes()
                    + " bytes (RegFileLimits.maxValueBytes)");
        }
    }

    private void endOfLine(String after) {
        skipBlanks();
        if (!atLineEnd()) {
            throw error(pos, "expected the end of the line " + after + " but was " + describeHere());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lines and positions

    private boolean atLineEnd() {
        return pos >= n || text.charAt(pos) == '\r' || text.charAt(pos) == '\n';
    }

    private void skipBlanks() {
        while (pos < n && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** Steps over the line end at {@code pos}, if any, to the start of the next line. */
    private void nextLine() {
        if (pos >= n) {
            return;
        }
        if (text.charAt(pos) == '\r') {
            pos++;
            if (pos < n && text.charAt(pos) == '\n') {
                pos++;
            }
        } else if (text.charAt(pos) == '\n') {
            pos++;
        } else {
            throw new IllegalStateException("not at a line end");
        }
        line++;
        lineStart = pos;
    }

    private int lineEnd(int from) {
        int i = from;
        while (i < n && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    private int trimEnd(int from, int end) {
        int last = end;
        while (last > from && (text.charAt(last - 1) == ' ' || text.charAt(last - 1) == '\t')) {
            last--;
        }
        return last;
    }

    /** Whether only blanks, or blanks and a {@code ;} comment, follow {@code from} on its line. */
    private boolean restIsBlankOrComment(int from) {
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == ';') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private String describeHere() {
        if (pos >= n) {
            return "the end of the file";
        }
        char c = text.charAt(pos);
        return c == '\r' || c == '\n' ? "the end of the line" : Ascii.describeAt(text, pos);
    }

    private RegFileFormatException error(int at, String reason) {
        int column = text.codePointCount(lineStart, Math.max(lineStart, Math.min(at, n))) + 1;
        return new RegFileFormatException(source, line, column, reason);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
