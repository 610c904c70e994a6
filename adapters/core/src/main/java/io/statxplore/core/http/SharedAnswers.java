package io.statxplore.core.http;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

import okhttp3.Headers;
import okhttp3.HttpUrl;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Metadata answers (a schema node, a catalog page) shared by every client in the JVM that asks the
 * same base URL with the same key and language: a pool, or a Spark job that opens a connection per
 * partition, reads the schema once instead of once per connection. It is the JVM's because that
 * is what those connections share; the HTTP layer holds it because only here are the URL, key and
 * language one identity, and every adapter's metadata passes through {@link ApiClient#getMetadata}.
 *
 * <p>An answer is used by a client while it is younger than that client's TTL ({@code cacheTtl});
 * only whole, successful answers of at most {@link #MAX_ANSWER} bytes are kept, at most
 * {@link #MAX_BYTES} in all, each dropped after {@link #IDLE} without use. The key is never kept:
 * an owner is a keyed hash (HMAC with a secret drawn for this JVM) of URL, key and language, so
 * neither a map key's {@code toString()}, a log line nor a heap dump gives the key away.
 */
final class SharedAnswers {
  static final int MAX_ANSWER = 8 << 20;
  static final long MAX_BYTES = 32L << 20;
  static final Duration IDLE = Duration.ofHours(1);

  private static final HashFunction OWNER = Hashing.hmacSha256(SecureRandom.getSeed(32));
  private static final Cache<Key, Answer> ANSWERS = CacheBuilder.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((Key k, Answer a) -> a.body().length)
      .expireAfterAccess(IDLE.toSeconds(), TimeUnit.SECONDS)
      .build();

  /** Whose answers these are: a keyed hash of base URL, key and language. */
  record Owner(String hash) {
    static Owner of(HttpUrl baseUrl, @Nullable Secret key, @Nullable String language) {
      return new Owner(OWNER.hashString(baseUrl + "\n" + (key == null ? "" : key.reveal()) + "\n"
          + (language == null ? "" : language), StandardCharsets.UTF_8).toString());
    }
  }

  /** An answer of {@code owner} to a GET of {@code url}. */
  record Key(Owner owner, HttpUrl url) { }

  /** A whole answer: its body, its headers (e.g. the next page's {@code Link}) and when it was read. */
  record Answer(byte[] body, Headers headers, Instant read) { }

  private SharedAnswers() {
  }

  /** The answer to {@code key} read less than {@code ttl} ago, or null. */
  static @Nullable Answer get(Key key, Duration ttl) {
    final Answer a = ANSWERS.getIfPresent(key);
    return a != null && a.read().plus(ttl).isAfter(Instant.now()) ? a : null;
  }

  static void put(Key key, Answer answer) {
    if (answer.body().length <= MAX_ANSWER) {
      ANSWERS.put(key, answer);
    }
  }
}
