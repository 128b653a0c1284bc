package io.github.seckill.testservers;

/**
 * Helper run in a child JVM by {@link OrphanCleanupTest}, {@link ExternalServersTest} and {@link ContainerSettingTest}:
 * prints facts about the servers it gets as {@code key=value} lines, then {@code ready}, then exits or waits to be
 * killed.
 */
public final class ServerInChildJvmMain {

    private ServerInChildJvmMain() {}

    /**
     * @param args {@code own-redis exit|hang}: starts a RedisServer; {@code shared-redis}: uses RealServers;
     *     {@code shared-redis-failure}: asks RealServers for Redis and reports how that failed
     */
    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("own-redis")) {
            RedisServer redis = RedisServer.builder().start();
            long pid = ProcessHandle.current().children().findFirst().orElseThrow().pid();
            System.out.println("redis-pid=" + pid);
            System.out.println("redis-directory=" + redis.directory());
        } else if (args[0].equals("shared-redis-failure")) {
            long started = System.nanoTime();
            try {
                RealServers.redis();
                System.out.println("failed=false");
            } catch (ServerStartupException e) {
                System.out.println("failed=true");
                System.out.println("names-setting=" + e.getMessage().contains(ServerSource.SETTING));
                System.out.println("names-docker=" + e.getMessage().contains("Docker"));
            }
            System.out.println("millis=" + (System.nanoTime() - started) / 1_000_000);
            System.out.println("child-processes=" + ProcessHandle.current().children().count());
        } else {
            RedisEndpoint redis = RealServers.redis();
            System.out.println("redis-uri=" + redis.uri());
            System.out.println("redis-controllable=" + redis.isControllable());
            System.out.println("redis-answers-ping=" + RespClient.answersPing(redis.host(), redis.port()));
            System.out.println("child-processes=" + ProcessHandle.current().children().count());
        }
        System.out.println("ready");
        System.out.flush();
        if (args.length > 1 && args[1].equals("hang")) {
            Thread.sleep(120_000);
        }
        System.exit(0);
    }
}
