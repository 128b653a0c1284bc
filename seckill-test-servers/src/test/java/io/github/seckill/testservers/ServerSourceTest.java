package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Which servers the harness starts, given {@code SECKILL_SERVERS} and whether Testcontainers and Docker answer. */
class ServerSourceTest {

    private final AtomicInteger probes = new AtomicInteger();

    private BooleanSupplier answers(boolean answer) {
        return () -> {
            probes.incrementAndGet();
            return answer;
        };
    }

    @Test
    void withoutTheSettingServersAreLocalAndNothingIsProbed() {
        assertThat(ServerSource.select(null, answers(true), answers(true))).isEqualTo(ServerSource.LOCAL);
        assertThat(ServerSource.select("  ", answers(true), answers(true))).isEqualTo(ServerSource.LOCAL);
        assertThat(ServerSource.select("local", answers(true), answers(true))).isEqualTo(ServerSource.LOCAL);
        assertThat(ServerSource.select("LOCAL", answers(false), answers(false))).isEqualTo(ServerSource.LOCAL);
        assertThat(probes).hasValue(0);
    }

    @Test
    void containersWhenAskedForAndDockerAnswers() {
        assertThat(ServerSource.select("testcontainers", answers(true), answers(true)))
                .isEqualTo(ServerSource.TESTCONTAINERS);
        assertThat(ServerSource.select(" TestContainers ", answers(true), answers(true)))
                .isEqualTo(ServerSource.TESTCONTAINERS);
    }

    @Test
    void containersAskedForWithoutDockerFailAtOnceNamingTheSetting() {
        assertThatThrownBy(() -> ServerSource.select("testcontainers", answers(true), answers(false)))
                .isInstanceOf(ServerStartupException.class)
                .hasMessageContaining("SECKILL_SERVERS")
                .hasMessageContaining("seckill.servers")
                .hasMessageContaining("no Docker engine answers")
                .hasMessageContaining("unset SECKILL_SERVERS");
        assertThat(probes).hasValue(2);
    }

    @Test
    void containersAskedForWithoutTestcontainersNameTheArtifacts() {
        assertThatThrownBy(() -> ServerSource.select("testcontainers", answers(false), answers(true)))
                .isInstanceOf(ServerStartupException.class)
                .hasMessageContaining("SECKILL_SERVERS")
                .hasMessageContaining("org.testcontainers:testcontainers")
                .hasMessageContaining("testcontainers-mysql");
        assertThat(probes).as("Docker is not probed without Testcontainers").hasValue(1);
    }

    @Test
    void anUnknownValueIsRefusedWithTheValuesThatWork() {
        assertThatThrownBy(() -> ServerSource.select("docker", answers(true), answers(true)))
                .isInstanceOf(ServerStartupException.class)
                .hasMessageContaining("SECKILL_SERVERS")
                .hasMessageContaining("'docker'")
                .hasMessageContaining("testcontainers")
                .hasMessageContaining("local");
        assertThat(probes).hasValue(0);
    }

    @Test
    void eachKindOfSourceHasAProvider() {
        assertThat(ServerProvider.of(ServerSource.LOCAL)).isInstanceOf(LocalServers.class);
        assertThat(ServerProvider.of(ServerSource.TESTCONTAINERS)).isInstanceOf(ContainerServers.class);
    }
}
