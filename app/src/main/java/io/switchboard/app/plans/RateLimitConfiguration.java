package io.switchboard.app.plans;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Chooses, once at startup, where the API rate limits' token buckets live: Redis when configured, else PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

  @Bean
  ApiRateBuckets apiRateBuckets(DataSource dataSource, @Value("${switchboard.rate-limit.redis-url:}") String redisUrl) {
    ApiRateBuckets buckets = redisUrl.isBlank() ? new PostgresRateBuckets(dataSource) : new RedisRateBuckets(redisUrl);
    LoggerFactory.getLogger(RateLimitConfiguration.class).info("API rate limits kept in {}", buckets.backend());
    return buckets;
  }
}
