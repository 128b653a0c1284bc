package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalServersTest {

    @Test
    void aConfiguredUriReplacesTheSharedServerAndCannotBeControlled() throws Exception {
        try (RedisServer redis = RedisServer.builder().start();
                  ChildJvm child = ChildJvm.start(ServerInChildJvmMain.class,
                          List.of("-Dseckill.redis.uri=" + redis.uri()), "shared-redis")) {
            Map<String, String> facts = child.readUntil("ready");

            assertThat(facts).containsEntry("redis-uri", redis.uri())
                    .containsEntry("redis-controllable", "false")
                    .containsEntry("redis-answers-ping", "true")
                    .containsEntry("child-processes", "0");
            assertThat(child.awaitExit()).isZero();
        }
    }

    @Test
    void externalRedisUriKeepsCredentialsButDoesNotPrintThem() {
        RedisEndpoint redis = RedisEndpoint.external("redis://:s3cret@10.1.2.3:6380/2");

        assertThat(redis.host()).isEqualTo("10.1.2.3");
        assertThat(redis.port()).isEqualTo(6380);
        assertThat(redis.uri()).isEqualTo("redis://:s3cret@10.1.2.3:6380/2");
        assertThat(redis.toString()).doesNotContain("s3cret");
        assertThat(redis.isControllable()).isFalse();
        assertThat(RedisEndpoint.external("redis://localhost").port()).isEqualTo(6379);
    }

    @Test
    void controllingAnExternalServerFailsWithAHintAboutAssumptions() {
        RedisEndpoint redis = RedisEndpoint.external("redis://127.0.0.1:6379");
        KafkaEndpoint kafka = new KafkaEndpoint("127.0.0.1:9092", null);

        assertThatThrownBy(redis::stop).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("external").hasMessageContaining("assumeTrue(endpoint.isControllable())");
        assertThatThrownBy(kafka::kill).isInstanceOf(UnsupportedOperationException.class);
        assertThat(kafka.isRunning()).isTrue();
    }

    @Test
    void clusterNodesWithoutSchemeShareTheFirstNodesSchemeAndCredentials() {
        RedisClusterEndpoint cluster =
                RedisClusterEndpoint.external("redis://:pw@10.0.0.1:7000, 10.0.0.2:7001,rediss://10.0.0.3:7002");

        assertThat(cluster.uris()).containsExactly(
                "redis://:pw@10.0.0.1:7000", "redis://:pw@10.0.0.2:7001", "rediss://10.0.0.3:7002");
        assertThat(cluster.seedUri()).isEqualTo("redis://:pw@10.0.0.1:7000");
        assertThat(cluster.isControllable()).isFalse();
        assertThat(cluster.toString()).doesNotContain("pw");
        assertThat(RedisClusterEndpoint.external("127.0.0.1:7000,127.0.0.1:7001").uris())
                .containsExactly("redis://127.0.0.1:7000", "redis://127.0.0.1:7001");
    }

    @Test
    void jdbcUrlsGetTheirDatabaseReplacedOrAdded() {
        MariaDbEndpoint withOptions = new MariaDbEndpoint("jdbc:mysql://db:3306/seckill?useSSL=false", "u", "p", null);
        assertThat(withOptions.database()).isEqualTo("seckill");
        assertThat(withOptions.withDatabase("other").jdbcUrl()).isEqualTo("jdbc:mysql://db:3306/other?useSSL=false");

        MariaDbEndpoint withoutDatabase = new MariaDbEndpoint("jdbc:mariadb://db:3306?x=1", "u", "p", null);
        assertThat(withoutDatabase.database()).isEmpty();
        assertThat(withoutDatabase.withDatabase("other").jdbcUrl()).isEqualTo("jdbc:mariadb://db:3306/other?x=1");
        assertThat(new MariaDbEndpoint("jdbc:mysql://db", "u", "p", null).withDatabase("d").jdbcUrl())
                .isEqualTo("jdbc:mysql://db/d");
    }

    @Test
    void freshDatabaseNamesAreUniqueLegalIdentifiers() {
        String name = MariaDbEndpoint.uniqueDatabaseName("My-Test$Class".repeat(10));

        assertThat(name).matches("my_test_class[a-z0-9_]*_[0-9a-f]{12}").hasSizeLessThanOrEqualTo(64);
        assertThat(MariaDbEndpoint.uniqueDatabaseName("same")).isNotEqualTo(MariaDbEndpoint.uniqueDatabaseName("same"));
    }

    @Test
    void aSystemPropertyInDottedLowerCaseOverridesTheEnvironment() {
        assertThat(Settings.propertyName("SECKILL_REDIS_CLUSTER_URI")).isEqualTo("seckill.redis.cluster.uri");
        String variable = "SECKILL_TEST_ONLY_SETTING";
        System.setProperty("seckill.test.only.setting", "  value  ");
        try {
            assertThat(Settings.get(variable)).isEqualTo("value");
        } finally {
            System.clearProperty("seckill.test.only.setting");
        }
        assertThat(Settings.get(variable)).isNull();
    }

    @Test
    void aMissingServerBinaryNamesTheSetupScript() {
        assertThatThrownBy(() -> ServerBinaries.require("Imaginary server", "no-such-server-binary"))
                .isInstanceOf(ServerStartupException.class)
                .hasMessageContaining("no-such-server-binary")
                .hasMessageContaining("scripts/setup.sh");
    }
}
