/**
 * seckill's Redis admission backend on Lettuce. Its entry point takes the caller's Lettuce client, so readers of this
 * module read Lettuce too.
 */
module io.github.seckill.redis {
    requires transitive io.github.seckill;
    requires transitive lettuce.core;
    requires io.netty.buffer;
    requires io.netty.common;
    requires org.slf4j;

    exports io.github.seckill.redis;
}
