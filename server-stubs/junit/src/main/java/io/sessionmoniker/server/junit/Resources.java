package io.sessionmoniker.server.junit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the files annotations name: a class-path resource beside the test class, else a path. */
final class Resources {

    private Resources() {
    }

    /**
     * Finds a file.
     *
     * @param testClass the class whose package relative resources are in
     * @param name the resource (relative, or absolute with a leading {@code /}) or a path
     * @param attribute the annotation attribute, for the message
     * @return the file on disk
     * @throws IllegalArgumentException naming what was looked for
     */
    static Path locate(Class<?> testClass, String name, String attribute) {
        URL url = testClass.getResource(name);
        if (url != null) {
            if (!"file".equals(url.getProtocol())) {
                throw new IllegalArgumentException(attribute + " \"" + name + "\" is the resource " + url
                        + ", which is not a file on disk; the files it names beside it cannot be found. Give a path");
            }
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(attribute + " \"" + name + "\": " + e.getMessage(), e);
            }
        }
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) {
            return p.toAbsolutePath();
        }
        throw new IllegalArgumentException(attribute + " \"" + name + "\" is neither a class-path resource of "
                + testClass.getName() + " (looked up with Class.getResource) nor a file (" + p.toAbsolutePath()
                + ")");
    }
}
