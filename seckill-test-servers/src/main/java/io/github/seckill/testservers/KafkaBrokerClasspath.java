package io.github.seckill.testservers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The classpath of the child JVM that runs the Kafka broker.
 *
 * <p>The tests' own classpath is no guide: it lacks the broker on purpose, and depending on how they run it
 * may be a surefire booter jar, an exec:java class loader or a shaded jar. Instead, the build of the
 * {@code seckill-test-servers-kafka-broker} module resolves {@code org.apache.kafka:kafka_2.13} and its
 * dependencies into the local Maven repository and records their repository paths in the resource
 * {@value #RESOURCE}, which travels inside that small jar (and inside any shaded jar that includes it). Here
 * those paths are resolved against the first local repository that holds all of them: the one named by the
 * {@code maven.repo.local} system property, the one the build used, or {@code ~/.m2/repository}.
 *
 * <p>{@code SECKILL_KAFKA_CLASSPATH} (or the system property {@code seckill.kafka.classpath}) replaces all of
 * this with a classpath of one's own, such as {@code /opt/kafka/libs/*} from a Kafka distribution.
 */
final class KafkaBrokerClasspath {

    static final String RESOURCE = "io/github/seckill/testservers/kafkabroker/broker-classpath.properties";
    private static final String REPOSITORY_PLACEHOLDER = "M2_REPO/";

    private static @Nullable String resolved;

    private KafkaBrokerClasspath() {}

    static synchronized String get() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    /** The Kafka release the recorded classpath holds, e.g. {@code 4.4.0}, or null if the build recorded none. */
    static @Nullable String kafkaVersion() {
        String version = loadRecorded().getProperty("kafka.version");
        return version == null || version.isBlank() || version.contains("${") ? null : version;
    }

    private static String resolve() {
        String override = Settings.get("SECKILL_KAFKA_CLASSPATH");
        if (override != null) {
            return override;
        }
        Properties recorded = loadRecorded();
        String classpath = recorded.getProperty("classpath", "");
        if (classpath.isBlank() || classpath.contains("${")) {
            throw new ServerStartupException(RESOURCE + " holds no classpath; it is written by the Maven build of"
                    + " seckill-test-servers-kafka-broker, so build with Maven (an IDE build may skip that step) or set"
                    + " SECKILL_KAFKA_CLASSPATH");
        }
        List<String> entries = Arrays.stream(classpath.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
        Set<Path> repositories = new LinkedHashSet<>();
        Optional.ofNullable(System.getProperty("maven.repo.local")).ifPresent(path -> repositories.add(Path.of(path)));
        Optional.ofNullable(recorded.getProperty("build.local.repository")).filter(path -> !path.contains("${"))
                .ifPresent(path -> repositories.add(Path.of(path)));
        repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));

        String firstMissing = "";
        for (Path repository : repositories) {
            List<String> files = new ArrayList<>();
            for (String entry : entries) {
                Path file = entry.startsWith(REPOSITORY_PLACEHOLDER)
                        ? repository.resolve(entry.substring(REPOSITORY_PLACEHOLDER.length()))
                        : Path.of(entry);
                if (!Files.isRegularFile(file)) {
                    if (firstMissing.isEmpty()) {
                        firstMissing = file.toString();
                    }
                    break;
                }
                files.add(file.toString());
            }
            if (files.size() == entries.size()) {
                return String.join(File.pathSeparator, files);
            }
        }
        throw new ServerStartupException("The Kafka broker's jars (kafka_2.13 " + recorded.getProperty("kafka.version")
                + " and its dependencies) are not in the local Maven repository (looked in " + repositories
                + "; missing for instance " + firstMissing + "). Build the seckill project with Maven, which downloads"
                + " them, or set SECKILL_KAFKA_CLASSPATH to a broker classpath such as /opt/kafka/libs/*");
    }

    private static Properties loadRecorded() {
        ClassLoader loader = KafkaBrokerClasspath.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ServerStartupException(RESOURCE + " is not on the classpath: add the dependency"
                        + " io.github.seckill:seckill-test-servers-kafka-broker (seckill-test-servers brings it) or set"
                        + " SECKILL_KAFKA_CLASSPATH");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
