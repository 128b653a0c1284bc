package io.github.seckill.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Kafka broker in KRaft mode (combined broker and controller) in a child JVM, listening on loopback
 * ports, with its data, configuration and log ({@code kafka.log}) in its own temporary directory.
 *
 * <p>The child runs {@code kafka.Kafka server.properties}, after {@code kafka.tools.StorageTool format}, from
 * the classpath described in {@link KafkaBrokerClasspath}: the broker's Scala and Jackson never share a class
 * loader with the tests, and the broker can be stopped, killed and started again on the same port with its
 * data. Settings suit tests: one partition per topic unless asked, replication factor 1 for internal topics,
 * no initial rebalance delay, automatic topic creation, ten-minute retention, a 512 MB heap.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.builder().brokerProperty("num.partitions", "4").start()) {
 *   Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
 *   ...
 * }
 * }</pre>
 */
public final class KafkaBroker extends ManagedServer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int NODE_ID = 1;

    private final int port;
    private final List<String> javaCommand;
    private final Path serverProperties;
    private final ServerProcess process;
    private boolean formatted;

    private KafkaBroker(Builder settings, int port, int controllerPort, Path directory) {
        super(directory, settings.startupTimeout, STOP_GRACE);
        this.port = port;
        this.serverProperties = directory.resolve("server.properties");
        Path logbackXml = directory.resolve("logback.xml");
        writeConfiguration(settings.properties, port, controllerPort, logbackXml);

        javaCommand = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logbackXml));
        javaCommand.addAll(settings.jvmOptions);
        javaCommand.addAll(List.of("-cp", KafkaBrokerClasspath.get()));

        List<String> command = new ArrayList<>(javaCommand);
        command.add(1, "-Xmx" + settings.maxHeap);
        command.addAll(List.of("kafka.Kafka", serverProperties.toString()));
        this.process = new ServerProcess("Kafka broker " + bootstrapServers(), command, directory,
                directory.resolve("kafka.log"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT}, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** An endpoint whose controls act on this broker. */
    public KafkaEndpoint endpoint() {
        return new KafkaEndpoint(bootstrapServers(), this);
    }

    @Override
    ServerProcess process() {
        return process;
    }

    /** Registered, unfenced and serving requests: the broker reports itself in its metadata. */
    @Override
    boolean servesClients() {
        return KafkaProbe.liveBrokers(FreePorts.LOOPBACK, port) > 0;
    }

    @Override
    void beforeStart() {
        if (!formatted) {
            formatStorage();
            formatted = true;
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + "]";
    }

    private void formatStorage() {
        List<String> command = new ArrayList<>(javaCommand);
        command.add(1, "-Xmx256m");
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
                "--cluster-id", newClusterId(), "--config", serverProperties.toString()));
        ServerProcess format = new ServerProcess("Kafka storage format", command, directory(),
                directory().resolve("format.log"));
        long started = System.nanoTime();
        format.start();
        format.awaitExit(startupTimeout());
        LOG.info("Formatted the Kafka storage in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private void writeConfiguration(Map<String, String> overrides, int port, int controllerPort, Path logbackXml) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", Integer.toString(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + FreePorts.LOOPBACK + ":" + controllerPort);
        properties.put("listeners",
                "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + port + ",CONTROLLER://" + FreePorts.LOOPBACK + ":" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", directory().resolve("data").toString());
        properties.put("num.partitions", "1");
        properties.put("auto.create.topics.enable", "true");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        // After a SIGKILL the restarted broker cannot register until the controller has expired its previous
        // session: 3 s instead of 9 s keeps "broker killed, then back" tests short.
        properties.put("broker.heartbeat.interval.ms", "500");
        properties.put("broker.session.timeout.ms", "3000");
        properties.put("log.retention.ms", Long.toString(Duration.ofMinutes(10).toMillis()));
        properties.put("log.retention.check.interval.ms", Long.toString(Duration.ofMinutes(1).toMillis()));
        // The cleaner's default 128 MB dedupe buffer would take a quarter of the heap.
        properties.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        properties.putAll(overrides);

        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        String logback = """
                <configuration>
                    <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                    </appender>
                    <logger name="org.apache.kafka.common.config" level="WARN"/>
                    <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
                    <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.writeString(serverProperties, text, StandardCharsets.UTF_8);
            Files.writeString(logbackXml, logback, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the broker configuration in " + directory(), e);
        }
    }

    /** A random cluster id in Kafka's format: 16 bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    /** Settings of a {@link KafkaBroker}; {@link #start()} starts one. */
    public static final class Builder {

        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private String maxHeap = "512m";
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * A {@code server.properties} entry, e.g. {@code brokerProperty("num.partitions", "8")}; it overrides the
         * harness' defaults. Listeners, ports, node id and directories are the harness' to choose.
         */
        public Builder brokerProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** The broker JVM's maximum heap, as for {@code -Xmx}; {@code 512m} by default. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** An extra option for the broker's JVM, e.g. {@code -XX:+UseParallelGC}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** How long formatting and starting may take until the broker serves metadata; 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Formats the storage, starts the broker and waits until it is registered and serving requests.
         *
         * @throws ServerStartupException if the broker's jars cannot be found or it does not start in time
         */
        public KafkaBroker start() {
            return startOnFreePorts(
                    () -> new KafkaBroker(this, FreePorts.any(), FreePorts.any(), ScratchSpace.newDirectory("kafka")), false);
        }
    }
}
