package io.github.seckill.testservers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds server programs installed by the operating system: on the {@code PATH}, then in the directories where
 * packages put daemons ({@code /usr/sbin} is often not on a user's {@code PATH}).
 */
final class ServerBinaries {

    private static final List<String> EXTRA_DIRECTORIES = List.of(
            "/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/mysql/bin", "/usr/local/mysql/scripts");

    private ServerBinaries() {}

    /**
     * The first of {@code names} that is installed, in order of preference.
     *
     * @throws ServerStartupException naming {@code scripts/setup.sh} when none is
     */
    static Path require(String what, String... names) {
        for (String name : names) {
            Optional<Path> found = find(name);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ServerStartupException(what + " is not installed: none of " + String.join(", ", names)
                + " was found on the PATH or in " + String.join(", ", EXTRA_DIRECTORIES)
                + ". Run scripts/setup.sh from the seckill source tree (Debian/Ubuntu; elsewhere it says what to install),"
                + " or point the tests at a running server with the SECKILL_* environment variables.");
    }

    static Optional<Path> find(String name) {
        Set<String> directories = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(EXTRA_DIRECTORIES);
        List<Path> candidates = new ArrayList<>();
        for (String directory : directories) {
            if (!directory.isEmpty()) {
                candidates.add(Path.of(directory, name));
            }
        }
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }
}
