package wirestream.example;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows wirestream's sanctions stream (news.topic.sanctions.v1) with the official Kafka Java client
 * and prints each article's headline, countries and the evidence that tagged it sanctions.
 *
 * <ul>
 *   <li>{@code isolation.level=read_committed}: the topics are written in Kafka transactions, and the
 *       Java client skips the records of aborted ones (whatever order several producers aborted in).
 *   <li>Each record is validated against the contract's JSON Schema (draft 2020-12,
 *       {@code packages/contract/json-schema/news.articles.v1.json}); a record that does not match is
 *       reported as INVALID and skipped, never handled.
 *   <li>At-least-once: offsets are committed (commitSync) after the records of a poll were handled, so
 *       after a crash some records come again; {@code id@revision} identifies a repeat.
 * </ul>
 *
 * <p>Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_TOPIC_PREFIX (default none), GROUP_ID
 * (default java-sanctions-follower), TOPIC_SLUG (default sanctions), SCHEMA_FILE (default
 * ../../../packages/contract/json-schema/news.articles.v1.json, from this folder). Ctrl-C stops it:
 * the offsets of what was handled are committed and the consumer leaves its group.
 */
public final class FollowSanctions {
  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

  private FollowSanctions() {}

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  public static void main(String[] args) throws Exception {
    String slug = env("TOPIC_SLUG", "sanctions");
    String topic = env("KAFKA_TOPIC_PREFIX", "") + "news.topic." + slug + ".v1";
    Path schemaFile = Path.of(env("SCHEMA_FILE", "../../../packages/contract/json-schema/news.articles.v1.json"));

    Schema schema;
    try (InputStream in = Files.newInputStream(schemaFile)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
    JsonMapper json = JsonMapper.builder().build();

    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env("KAFKA_BROKERS", "127.0.0.1:9092"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, env("GROUP_ID", "java-sanctions-follower"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
    CountDownLatch finished = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  consumer.wakeup();
                  try {
                    finished.await();
                    main.join(10_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));

    Set<String> seen = new HashSet<>();
    int handled = 0;
    int invalid = 0;
    try {
      consumer.subscribe(List.of(topic));
      System.err.println("following " + topic);
      while (true) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> record : records) {
          String problem = problemWith(record.value(), json, schema);
          if (problem != null) {
            OUT.println("INVALID " + record.partition() + "@" + record.offset() + ": " + problem);
            invalid++;
            continue;
          }
          JsonNode article = json.readTree(record.value());
          String key = article.get("id").asString() + "@" + article.get("revision").asInt();
          if (seen.add(key)) print(article, slug);
          handled++;
        }
        if (!records.isEmpty()) consumer.commitSync();
      }
    } catch (WakeupException stopping) {
      // Ctrl-C: what was handled is committed below.
    } finally {
      try {
        consumer.commitSync();
      } finally {
        consumer.close();
        OUT.println("STOPPED handled=" + handled + " invalid=" + invalid);
        finished.countDown();
      }
    }
  }

  /** Null if the value is JSON matching the schema, else what is wrong (at most three errors). */
  private static String problemWith(byte[] value, JsonMapper json, Schema schema) {
    if (value == null || value.length == 0) return "the record has no value";
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (RuntimeException e) {
      return "not JSON";
    }
    List<Error> errors =
        schema.validate(node, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
    if (errors.isEmpty()) return null;
    List<String> named = new ArrayList<>();
    for (Error error : errors.subList(0, Math.min(3, errors.size()))) named.add(error.toString());
    return String.join("; ", named) + (errors.size() > 3 ? "; and " + (errors.size() - 3) + " more" : "");
  }

  /** The same lines the TypeScript example prints. */
  private static void print(JsonNode article, String slug) {
    OUT.println(
        "ARTICLE " + article.get("id").asString() + "@" + article.get("revision").asInt() + " "
            + article.get("title").asString());
    List<String> countries = new ArrayList<>();
    for (JsonNode country : article.get("entities").get("countries")) {
      countries.add(
          country.get("code").asString() + " " + country.get("name").asString()
              + (country.get("primary").asBoolean() ? " (primary)" : ""));
    }
    OUT.println("  countries: " + (countries.isEmpty() ? "none" : String.join(", ", countries)));
    for (JsonNode tag : article.get("topics")) {
      if (!tag.get("slug").asString().equals(slug)) continue;
      for (JsonNode evidence : tag.get("evidence")) {
        JsonNode sentence = evidence.get("sentence");
        OUT.println(
            "  evidence: " + evidence.get("field").asString() + " \"" + evidence.get("match").asString()
                + "\" (" + evidence.get("term").asString() + "): "
                + (sentence == null || sentence.isNull() ? "-" : sentence.asString()));
      }
    }
  }
}
