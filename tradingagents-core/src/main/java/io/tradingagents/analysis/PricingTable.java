package io.tradingagents.analysis;

import static io.tradingagents.analysis.Checks.notBlank;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingagents.cache.CacheConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prices of LLM calls per 1,000 input and output tokens, per provider and model, each in its own currency.
 * Loaded from JSON: an array of objects
 * {@code {"provider": "openai", "model": "gpt-4o-mini", "inputPer1k": "0.00015", "outputPer1k": "0.0006",
 * "currency": "USD"}}. {@link #defaults()} holds the reference deployment's table (prices change: load
 * your own for billing). Immutable and thread-safe.
 */
public final class PricingTable {
  private static final String DEFAULTS = "/io/tradingagents/analysis/pricing-defaults.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, Price> prices;

  /**
   * The price of one model.
   *
   * @param provider e.g. {@code openai}
   * @param model e.g. {@code gpt-4o-mini}
   * @param inputPer1k price of 1,000 input tokens, not negative
   * @param outputPer1k price of 1,000 output tokens, not negative
   * @param currency the currency of both prices
   */
  public record Price(String provider, String model, BigDecimal inputPer1k, BigDecimal outputPer1k,
      Currency currency) {

    /**
     * @throws IllegalArgumentException for a blank provider or model or a negative price
     */
    public Price {
      notBlank(provider, "provider");
      notBlank(model, "model");
      requireNonNull(currency, "currency");
      if (inputPer1k.signum() < 0 || outputPer1k.signum() < 0) {
        throw new IllegalArgumentException("prices must be >= 0 but were " + inputPer1k + " and "
            + outputPer1k);
      }
    }

    /**
     * @param inputTokens tokens read
     * @param outputTokens tokens written
     * @return the cost of a call with those tokens
     */
    public Money cost(long inputTokens, long outputTokens) {
      BigDecimal amount = inputPer1k.multiply(BigDecimal.valueOf(inputTokens))
          .add(outputPer1k.multiply(BigDecimal.valueOf(outputTokens)))
          .divide(BigDecimal.valueOf(1000), MathContext.DECIMAL64);
      return new Money(amount.stripTrailingZeros(), currency);
    }
  }

  private PricingTable(Collection<Price> prices) {
    Map<String, Price> byKey = new HashMap<>();
    for (Price price : prices) {
      byKey.put(key(price.provider(), price.model()), price);
    }
    this.prices = Map.copyOf(byKey);
  }

  /**
   * @param prices the prices; a later price of the same provider and model replaces an earlier one
   * @return the table
   */
  public static PricingTable of(Collection<Price> prices) {
    return new PricingTable(List.copyOf(prices));
  }

  /** @return the reference deployment's prices, shipped as a resource */
  public static PricingTable defaults() {
    try (InputStream in = PricingTable.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + DEFAULTS + " is missing from tradingagents-core");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULTS);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + DEFAULTS, e);
    }
  }

  /**
   * @param file a JSON pricing file
   * @return the table
   * @throws CacheConfigurationException if the file cannot be read or an entry is malformed; the message
   *     names the file and the line
   */
  public static PricingTable load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new CacheConfigurationException("pricing", "Cannot read the pricing file " + file + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * @param reader JSON text
   * @param source a name for messages, e.g. the file name
   * @return the table
   * @throws CacheConfigurationException if an entry is malformed; the message names the source and line
   */
  public static PricingTable parse(Reader reader, String source) {
    List<Price> prices = new ArrayList<>();
    int line = 1;
    try (JsonParser parser = new JsonFactory(MAPPER).createParser(reader)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw malformed(source, parser.currentTokenLocation().getLineNr(), "expected a JSON array of prices",
            null);
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
          throw malformed(source, line, token == null ? "the array is not closed"
              : "expected a price object but found " + token, null);
        }
        Price price = price(parser.readValueAsTree());
        if (!seen.add(key(price.provider(), price.model()))) {
          throw malformed(source, line, "a second price for " + price.provider() + "/" + price.model(), null);
        }
        prices.add(price);
      }
      if (parser.nextToken() != null) {
        throw malformed(source, parser.currentTokenLocation().getLineNr(), "unexpected content after the array",
            null);
      }
    } catch (JsonProcessingException e) {
      throw malformed(source, e.getLocation() == null ? line : e.getLocation().getLineNr(),
          e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw malformed(source, line, e.getMessage(), e);
    } catch (IOException e) {
      throw malformed(source, line, e.getMessage(), e);
    }
    return new PricingTable(prices);
  }

  private static Price price(JsonNode node) {
    return new Price(text(node, "provider"), text(node, "model"), decimal(node, "inputPer1k"),
        decimal(node, "outputPer1k"), Money.currency(text(node, "currency")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isValueNode() || value.asText().isBlank()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or blank");
    }
    return value.asText().strip();
  }

  private static BigDecimal decimal(JsonNode node, String field) {
    String text = text(node, field);
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + field + "' must be a decimal number but was '" + text
          + "'", e);
    }
  }

  private static CacheConfigurationException malformed(String source, int line, String problem,
      @Nullable Throwable cause) {
    return new CacheConfigurationException("pricing", "Pricing file " + source + ", line " + line + ": "
        + problem, cause);
  }

  private static String key(String provider, String model) {
    return provider.strip().toLowerCase(Locale.ROOT) + '/' + model.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * @param provider the provider (case-insensitive)
   * @param model the model (case-insensitive)
   * @return its price, or {@code null} if the table has none
   */
  public @Nullable Price price(String provider, String model) {
    return prices.get(key(requireNonNull(provider, "provider"), requireNonNull(model, "model")));
  }

  /** @return every price, in no particular order */
  public Collection<Price> prices() {
    return prices.values();
  }
}
