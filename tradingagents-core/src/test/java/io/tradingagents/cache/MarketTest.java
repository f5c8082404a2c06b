package io.tradingagents.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MarketTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "000001, CHINA_A", "600519, CHINA_A", "300750, CHINA_A", "600519.SH, CHINA_A", "000001.sz, CHINA_A",
      "0700.HK, HONG_KONG", "00700, HONG_KONG", "09988, HONG_KONG", "9988.hk, HONG_KONG",
      "平安银行, CHINA_A", "AAPL, US", "BRK.B, US", "msft, US", "1234, US", "1234567, US", "^GSPC, US"})
  void detect_bySymbolShape(String symbol, Market expected) {
    assertThat(Market.detect(symbol)).isEqualTo(expected);
  }

  @Test
  void detect_blank_isRejected() {
    assertThatThrownBy(() -> Market.detect("  ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void parse_acceptsCodesAndNames() {
    assertThat(Market.parse("HK")).isEqualTo(Market.HONG_KONG);
    assertThat(Market.parse("a-share")).isEqualTo(Market.CHINA_A);
    assertThat(Market.parse(" us ")).isEqualTo(Market.US);
  }

  @Test
  void parse_unknown_namesValueAndChoices() {
    assertThatThrownBy(() -> Market.parse("jp")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'jp'").hasMessageContaining("us, cn");
  }
}
