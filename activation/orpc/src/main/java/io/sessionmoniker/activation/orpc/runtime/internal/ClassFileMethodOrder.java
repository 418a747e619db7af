package io.sessionmoniker.activation.orpc.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the order in which a class file declares its methods. {@link Class#getDeclaredMethods()} returns them in
 * no particular order, but a COM interface numbers its methods in declaration order, and javac writes methods to
 * the class file in source order; so the order is read from the class file itself (JVMS §4.1, §4.4, §4.6).
 */
public final class ClassFileMethodOrder {

    private ClassFileMethodOrder() {
    }

    /**
     * Returns the methods of a class in class-file order, as {@code name + descriptor}, e.g.
     * {@code "Echo(Ljava/lang/String;)Ljava/lang/String;"}.
     *
     * @param type the class (its class file must be readable as a resource)
     * @return the name-and-descriptor strings, constructors and static initializers excluded
     * @throws IOException if the class file cannot be read or is malformed
     */
    public static List<String> of(Class<?> type) throws IOException {
        String resource = type.getName().substring(type.getName().lastIndexOf('.') + 1).replace('.', '$') + ".class";
        byte[] bytes;
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the class file of " + type.getName() + " is not readable as a resource");
            }
            bytes = in.readAllBytes();
        }
        return parse(bytes);
    }

    static List<String> parse(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        in.skipBytes(2 * interfaces);
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        List<String> out = new ArrayList<>(methods);
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            skipAttributes(in);
            if (name == null || descriptor == null) {
                throw new IOException("method " + i + " names a missing constant");
            }
            if (!name.equals("<init>") && !name.equals("<clinit>")) {
                out.add(name + descriptor);
            }
        }
        return out;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.readUnsignedShort();
            int length = in.readInt();
            in.skipBytes(length);
        }
    }

    /**
     * Returns the JVM descriptor of a method, as the class file writes it.
     *
     * @param method the method
     * @return for example {@code "(ILjava/lang/String;)V"}
     */
    public static String descriptor(java.lang.reflect.Method method) {
        StringBuilder sb = new StringBuilder("(");
        for (Class<?> p : method.getParameterTypes()) {
            sb.append(descriptor(p));
        }
        return sb.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private static String descriptor(Class<?> c) {
        if (c.isArray()) {
            return c.getName().replace('.', '/');
        }
        if (c.isPrimitive()) {
            return switch (c.getName()) {
                case "int" -> "I";
                case "long" -> "J";
                case "double" -> "D";
                case "float" -> "F";
                case "boolean" -> "Z";
                case "byte" -> "B";
                case "short" -> "S";
                case "char" -> "C";
                default -> "V";
            };
        }
        return "L" + c.getName().replace('.', '/') + ";";
    }
}
