package io.tradingagents.cache.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import io.tradingagents.cache.CacheConfigurationException;
import io.tradingagents.cache.spi.CacheTier;
import io.tradingagents.cache.spi.CacheTierProvider;
import io.tradingagents.cache.spi.TierKind;
import io.tradingagents.cache.spi.TierSettings;
import io.tradingagents.cache.testing.MutableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Settings, defaults, validation and secrecy of {@link MongoCacheProvider} and {@link MongoSettings}, and
 * what {@code open} does when the server is unreachable or rejects the credentials. The credentials test
 * runs against mongo-java-server, which has no authentication: it answers the driver's {@code saslStart}
 * with "no such command", which the driver reports as the same {@code MongoSecurityException} a real
 * server's "Authentication failed" produces; the message and masking path are what is proven here.
 */
class MongoCacheProviderTest {
  @RegisterExtension
  static final InProcessMongo MONGO = new InProcessMongo();
  private static final String PASSWORD = "S3cr3t-p@ss:w/rd%?# +";

  private final MutableClock clock = new MutableClock();
  private final MongoCacheProvider provider = new MongoCacheProvider();

  private TierSettings settings(Map<String, String> values) {
    return TierSettings.of(values, clock);
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static void assertNoPassword(String text) {
    assertThat(text).doesNotContain(PASSWORD).doesNotContain(MongoSettings.encode(PASSWORD))
        .doesNotContain("S3cr3t");
  }

  @Test
  void serviceLoader_findsTheMongoProvider() {
    assertThat(ServiceLoader.load(CacheTierProvider.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(p -> {
          assertThat(p).isInstanceOf(MongoCacheProvider.class);
          assertThat(p.name()).isEqualTo("mongodb");
        });
  }

  @Test
  void isConfigured_needsUrlOrHostAndNotDisabled() {
    assertThat(provider.isConfigured(settings(Map.of()))).isFalse();
    assertThat(provider.isConfigured(settings(Map.of("MONGODB_HOST", "db")))).isTrue();
    assertThat(provider.isConfigured(settings(Map.of("MONGODB_URL", "mongodb://db")))).isTrue();
    assertThat(provider.isConfigured(settings(Map.of("MONGODB_URL", "mongodb://db", "MONGODB_ENABLED", "false"))))
        .isFalse();
    assertThatThrownBy(() -> provider.isConfigured(settings(Map.of("MONGODB_HOST", "db",
        "MONGODB_ENABLED", "maybe")))).isInstanceOfSatisfying(CacheConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("MONGODB_ENABLED"));
  }

  @Test
  void from_hostOnly_usesTheDefaults() {
    MongoSettings mongo = MongoSettings.from(settings(Map.of("MONGODB_HOST", "db")));

    assertThat(mongo.maskedAddress()).isEqualTo("mongodb://db:27017/tradingagents");
    assertThat(mongo.database()).isEqualTo("tradingagents");
    assertThat(mongo.cacheCollection()).isEqualTo("cache_entries");
    assertThat(mongo.poolMax()).isEqualTo(100);
    assertThat(mongo.poolMin()).isEqualTo(10);
    assertThat(mongo.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(mongo.serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(mongo.storeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(mongo.hasCredentials()).isFalse();
  }

  @Test
  void from_everySetting_isRead() {
    MongoSettings mongo = MongoSettings.from(settings(Map.ofEntries(Map.entry("MONGODB_HOST", "10.0.0.5"),
        Map.entry("MONGODB_PORT", "27018"), Map.entry("MONGODB_USERNAME", "bob"),
        Map.entry("MONGODB_PASSWORD", PASSWORD), Map.entry("MONGODB_AUTH_SOURCE", "users"),
        Map.entry("MONGODB_DATABASE", "analysis"), Map.entry("MONGODB_CACHE_COLLECTION", "entries"),
        Map.entry("MONGODB_POOL_MAX", "20"), Map.entry("MONGODB_POOL_MIN", "2"),
        Map.entry("MONGODB_TIMEOUT", "250ms"), Map.entry("MONGODB_SERVER_SELECTION_TIMEOUT", "3s"),
        Map.entry("MONGODB_STORE_TIMEOUT", "7s"))));

    assertThat(mongo.maskedAddress()).isEqualTo("mongodb://bob:****@10.0.0.5:27018/analysis");
    assertThat(mongo.authSource()).isEqualTo("users");
    assertThat(mongo.cacheCollection()).isEqualTo("entries");
    assertThat(mongo.poolMax()).isEqualTo(20);
    assertThat(mongo.poolMin()).isEqualTo(2);
    MongoClientSettings tier = mongo.tierClientSettings();
    assertThat(tier.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(tier.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(tier.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(tier.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(tier.getConnectionPoolSettings().getMaxSize()).isEqualTo(20);
    assertThat(tier.getConnectionPoolSettings().getMinSize()).isEqualTo(2);
    MongoClientSettings stores = mongo.storeClientSettings();
    assertThat(stores.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3000);
    assertThat(stores.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7000);
    assertNoPassword(mongo.toString());
    assertNoPassword(mongo.maskedAddress());
  }

  @Test
  void credentials_areUrlEncodedAndDecodeToTheSameValues() {
    MongoSettings mongo = MongoSettings.from(settings(Map.of("MONGODB_HOST", "db",
        "MONGODB_USERNAME", "bob@corp:x", "MONGODB_PASSWORD", PASSWORD)));

    ConnectionString parsed = mongo.connectionString();
    assertThat(parsed.getUsername()).isEqualTo("bob@corp:x");
    assertThat(new String(parsed.getPassword())).isEqualTo(PASSWORD);
    assertThat(parsed.getHosts()).containsExactly("db:27017");
    assertThat(mongo.authSource()).isEqualTo("admin");
    assertThat(mongo.maskedAddress()).isEqualTo("mongodb://bob%40corp%3Ax:****@db:27017/tradingagents");
  }

  @Test
  void url_optionsApplyUnlessASettingOverridesThem() {
    String url = "mongodb://a:27017,b:27017/appdb?replicaSet=rs0&maxPoolSize=20&minPoolSize=5"
        + "&serverSelectionTimeoutMS=2000";

    MongoSettings fromUrl = MongoSettings.from(settings(Map.of("MONGODB_URL", url)));
    MongoSettings overridden = MongoSettings.from(settings(Map.of("MONGODB_URL", url, "MONGODB_POOL_MAX", "30",
        "MONGODB_DATABASE", "other", "MONGODB_SERVER_SELECTION_TIMEOUT", "1s")));

    assertThat(fromUrl.maskedAddress()).isEqualTo("mongodb://a:27017,b:27017/appdb?replicaSet=rs0");
    assertThat(fromUrl.poolMax()).isEqualTo(20);
    assertThat(fromUrl.poolMin()).isEqualTo(5);
    assertThat(fromUrl.serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fromUrl.tierClientSettings().getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs0");
    assertThat(overridden.poolMax()).isEqualTo(30);
    assertThat(overridden.database()).isEqualTo("other");
    assertThat(overridden.serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void srvUrl_isAcceptedAndMasked() {
    MongoSettings mongo = MongoSettings.from(settings(Map.of("MONGODB_URL",
        "mongodb+srv://bob:" + MongoSettings.encode(PASSWORD) + "@cluster0.example.invalid/appdb")));

    assertThat(mongo.maskedAddress()).isEqualTo("mongodb+srv://bob:****@cluster0.example.invalid/appdb");
    assertThat(mongo.database()).isEqualTo("appdb");
    assertNoPassword(mongo.toString());
  }

  @Test
  void url_withUnescapedPassword_failsNamingTheSettingWithoutThePassword() {
    String url = "mongodb://bob:S3cr3t@pass@db:27017/app";

    assertThatThrownBy(() -> MongoSettings.from(settings(Map.of("MONGODB_URL", url))))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("MONGODB_URL");
          assertThat(e.getMessage()).contains("'mongodb://...'").contains("%40");
          assertNoPassword(stackTrace(e));
        });
  }

  @Test
  void url_withAnUnencodedAtInThePassword_isRefused_notConnectedToAHostTakenFromThePassword() {
    assertThatThrownBy(() -> MongoSettings.from(settings(Map.of(
        "MONGODB_URL", "mongodb://app:s3cr3t-P@ss/qux9@127.0.0.1:27099/db"))))
        .isInstanceOf(CacheConfigurationException.class)
        .hasMessageContaining("MONGODB_URL").hasMessageContaining("%40")
        .satisfies(e -> assertNoPassword(e.getMessage()))
        .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("qux9");
    assertThatThrownBy(() -> MongoSettings.from(settings(Map.of(
        "MONGODB_URL", "mongodb://app:s3cr?t@127.0.0.1:27099/db"))))
        .isInstanceOf(CacheConfigurationException.class).hasMessageNotContaining("s3cr");
  }

  @Test
  void aPortWithoutAHost_fails_andAServiceLinkGivesItsPortToTheHost() {
    assertThatThrownBy(() -> MongoSettings.isConfigured(settings(Map.of("MONGODB_PORT", "27018"))))
        .isInstanceOf(CacheConfigurationException.class).hasMessageContaining("MONGODB_HOST");
    assertThat(MongoSettings.isConfigured(settings(Map.of("MONGODB_PORT", "tcp://10.0.0.6:27017")))).isFalse();
    MongoSettings linked = MongoSettings.from(settings(Map.of("MONGODB_HOST", "mongodb",
        "MONGODB_PORT", "tcp://10.0.0.6:27018")));
    assertThat(linked.connectionString().getHosts()).containsExactly("mongodb:27018");
  }

  @Test
  void url_notMongo_failsNamingTheSetting() {
    assertThatThrownBy(() -> MongoSettings.from(settings(Map.of("MONGODB_URL", "redis://bob:S3cr3t@db"))))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("MONGODB_URL");
          assertThat(e.getMessage()).contains("mongodb://").contains("'redis://...'").doesNotContain("bob");
          assertNoPassword(e.getMessage());
        });
  }

  @Test
  void malformedSettings_failNamingTheSetting() {
    assertInvalid("MONGODB_PORT", "0");
    assertInvalid("MONGODB_PORT", "mongo");
    assertInvalid("MONGODB_POOL_MAX", "0");
    assertInvalid("MONGODB_POOL_MIN", "200");
    assertInvalid("MONGODB_TIMEOUT", "0ms");
    assertInvalid("MONGODB_TIMEOUT", "forever");
    assertInvalid("MONGODB_SERVER_SELECTION_TIMEOUT", "1h");
    assertInvalid("MONGODB_DATABASE", "my db");
    assertInvalid("MONGODB_CACHE_COLLECTION", "system.entries");
    assertInvalid("MONGODB_HOST", "a:27017,b:27017");
  }

  private void assertInvalid(String setting, String value) {
    Map<String, String> values = new HashMap<>(Map.of("MONGODB_HOST", "db"));
    values.put(setting, value);
    assertThatThrownBy(() -> MongoSettings.from(settings(values)))
        .as(setting + "=" + value)
        .isInstanceOfSatisfying(CacheConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo(setting))
        .hasMessageContaining(setting + " must be")
        .hasMessageContaining(value);
  }

  @Test
  void usernameWithoutPassword_failsNamingTheMissingSetting() {
    assertThatThrownBy(() -> MongoSettings.from(settings(Map.of("MONGODB_HOST", "db", "MONGODB_USERNAME", "bob"))))
        .isInstanceOfSatisfying(CacheConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("MONGODB_PASSWORD"))
        .hasMessageContaining("MONGODB_PASSWORD must be set when MONGODB_USERNAME is");
  }

  @Test
  void open_unreachableServer_returnsTheTierWhosePingFails() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    try (CacheTier tier = provider.open(settings(Map.of("MONGODB_HOST", "127.0.0.1",
        "MONGODB_PORT", String.valueOf(port), "MONGODB_TIMEOUT", "200ms")))) {
      assertThat(tier.kind()).isEqualTo(TierKind.MONGODB);
      assertThat(tier.name()).isEqualTo("mongodb");
      assertThatThrownBy(tier::ping).isInstanceOf(MongoException.class);
    }
  }

  @Test
  void storesOpen_unreachableServer_returnsStoresWhoseOperationsThrow() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    try (MongoStores stores = MongoStores.open(settings(Map.of("MONGODB_HOST", "127.0.0.1",
        "MONGODB_PORT", String.valueOf(port), "MONGODB_SERVER_SELECTION_TIMEOUT", "200ms")))) {
      assertThatThrownBy(() -> stores.usage().count())
          .isInstanceOf(io.tradingagents.cache.CacheException.class)
          .hasMessageStartingWith("MongoDB could not count usage records (tradingagents.usage_records)");
    }
  }

  @Test
  void open_wrongCredentials_failsClearlyWithoutThePassword() {
    TierSettings wrong = settings(Map.of("MONGODB_HOST", "127.0.0.1", "MONGODB_PORT",
        String.valueOf(MONGO.port()), "MONGODB_USERNAME", "bob", "MONGODB_PASSWORD", PASSWORD));

    assertThatThrownBy(() -> provider.open(wrong))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("MONGODB_PASSWORD");
          assertThat(e.getMessage())
              .contains("MongoDB at mongodb://bob:****@127.0.0.1:" + MONGO.port() + "/tradingagents")
              .contains("rejected the credentials of user 'bob' (auth source 'admin')")
              .contains("check MONGODB_USERNAME, MONGODB_PASSWORD and MONGODB_AUTH_SOURCE");
          assertNoPassword(stackTrace(e));
        });
  }

  @Test
  void open_wrongCredentialsInUrl_namesTheUrl() {
    TierSettings wrong = settings(Map.of("MONGODB_URL", "mongodb://bob:" + MongoSettings.encode(PASSWORD)
        + "@127.0.0.1:" + MONGO.port() + "/app?authSource=admin"));

    assertThatThrownBy(() -> provider.open(wrong))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> {
          assertThat(e.setting()).isEqualTo("MONGODB_URL");
          assertThat(e.getMessage()).contains("in MONGODB_URL");
          assertNoPassword(stackTrace(e));
        });
    assertThatThrownBy(() -> MongoStores.open(wrong))
        .isInstanceOfSatisfying(CacheConfigurationException.class, e -> assertNoPassword(stackTrace(e)));
  }

  @Test
  void open_reachableServer_reportsTheMaskedAddress() {
    try (CacheTier tier = provider.open(MONGO.settings("provider_usage", Map.of()))) {
      assertThatCode(tier::ping).doesNotThrowAnyException();
      assertThat(tier.usage().details()).containsEntry("address",
          "mongodb://127.0.0.1:" + MONGO.port() + "/provider_usage");
      assertThat(tier).hasToString("MongoTier{mongodb://127.0.0.1:" + MONGO.port()
          + "/provider_usage, collection=cache_entries}");
    }
  }
}
