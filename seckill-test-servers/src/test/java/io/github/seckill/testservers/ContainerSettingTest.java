package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code seckill.servers=testcontainers} on a machine without a Docker engine: the shared servers fail at once, naming
 * the setting, and no local server is started in their place. Where Docker answers, containers would start instead,
 * so the check is skipped there.
 */
class ContainerSettingTest {

    @Test
    void containersAskedForWithoutDockerFailAtOnceAndStartNothingLocal() throws Exception {
        assumeFalse(ContainerServers.dockerAnswers(), "a Docker engine answers here: containers would start");
        try (ChildJvm child = ChildJvm.start(ServerInChildJvmMain.class,
                List.of("-Dseckill.servers=testcontainers"), "shared-redis-failure")) {
            Map<String, String> facts = child.readUntil("ready");

            assertThat(facts).containsEntry("failed", "true")
                    .containsEntry("names-setting", "true")
                    .containsEntry("names-docker", "true")
                    .containsEntry("child-processes", "0");
            assertThat(Long.parseLong(facts.get("millis"))).as("milliseconds to fail").isLessThan(30_000);
            assertThat(child.awaitExit()).isZero();
        }
    }
}
