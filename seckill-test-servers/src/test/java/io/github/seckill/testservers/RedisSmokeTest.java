package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.seckill.testservers.junit.WithRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithRedis
class RedisSmokeTest {

    private static RedisClient client;

    @BeforeAll
    static void createClient(RedisEndpoint redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(Duration.ofSeconds(5));
        client = RedisClient.create(uri);
    }

    @AfterAll
    static void shutdownClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void answersPingAndRunsLua(RedisEndpoint redis) {
        assertThat(redis.uri()).isEqualTo("redis://" + redis.host() + ":" + redis.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            assertThat(commands.ping()).isEqualTo("PONG");

            String key = "stock:" + UUID.randomUUID();
            commands.set(key, "10");
            Long left = commands.eval("return redis.call('DECRBY', KEYS[1], ARGV[1])", ScriptOutputType.INTEGER,
                    new String[] {key}, "3");
            assertThat(left).isEqualTo(7L);
            assertThat(commands.get(key)).isEqualTo("7");
        }
    }

    @Test
    void stopsAndStartsAgainOnTheSamePort(RedisEndpoint redis) {
        assumeTrue(redis.isControllable(), "an external Redis cannot be stopped");
        String key = "before-restart:" + UUID.randomUUID();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set(key, "1");
        }

        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);

        redis.start();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            // no persistence: a restarted server is empty, which shows it really went down
            assertThat(connection.sync().get(key)).isNull();
        }
    }

    @Test
    void startsAgainAfterBeingKilled(RedisEndpoint redis) {
        assumeTrue(redis.isControllable(), "an external Redis cannot be killed");
        int port = redis.port();

        redis.kill();
        assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class);
        redis.start();

        assertThat(redis.port()).isEqualTo(port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aPausedServerAnswersNothingUntilResumed(RedisEndpoint redis) {
        assumeTrue(redis.isControllable(), "an external Redis cannot be paused");
        redis.pause();
        try {
            assertThat(RespClient.answersPing(redis.host(), redis.port())).as("PING while paused").isFalse();
            assertThat(redis.isRunning()).as("a paused server still runs").isTrue();
        } finally {
            redis.resume();
        }
        assertThat(RespClient.answersPing(redis.host(), redis.port())).as("PING once resumed").isTrue();
    }
}
