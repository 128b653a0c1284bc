package io.github.seckill.testservers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrphanCleanupTest {

    @Test
    void aServerStopsWhenTheJvmThatStartedItExits() throws Exception {
        try (ChildJvm child = ChildJvm.start(ServerInChildJvmMain.class, List.of(), "own-redis", "exit")) {
            long redisPid = Long.parseLong(child.readUntil("ready").get("redis-pid"));

            assertThat(child.awaitExit()).isZero();

            assertThat(isGoneWithin(redisPid, Duration.ofSeconds(5))).as("redis-server %d still runs", redisPid).isTrue();
        }
    }

    @Test
    void serversOfAKilledJvmAreKilledByTheNextJvmThatStartsOne() throws Exception {
        try (ChildJvm child = ChildJvm.start(ServerInChildJvmMain.class, List.of(), "own-redis", "hang")) {
            Map<String, String> facts = child.readUntil("ready");
            long redisPid = Long.parseLong(facts.get("redis-pid"));
            Path redisDirectory = Path.of(facts.get("redis-directory"));

            child.killHard();
            assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive))
                    .as("a SIGKILLed JVM cannot stop its servers").contains(true);

            ScratchSpace.reapLeftoversOfDeadJvms();

            assertThat(isGoneWithin(redisPid, Duration.ofSeconds(5))).as("orphan redis-server %d", redisPid).isTrue();
            assertThat(redisDirectory).doesNotExist();
        }
    }

    private static boolean isGoneWithin(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
