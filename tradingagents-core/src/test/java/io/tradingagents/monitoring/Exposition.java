package io.tradingagents.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition parsed into its samples and its {@code # TYPE} lines, for assertions. */
final class Exposition {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final List<Sample> samples = new ArrayList<>();
  final List<String> typeLines = new ArrayList<>();

  Exposition(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        typeLines.add(line.substring("# TYPE ".length()).split(" ")[0]);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
  }

  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** @return the sum of the samples of {@code name} whose labels include {@code match} */
  double sum(String name, Map<String, String> match) {
    return named(name).stream().filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
        .mapToDouble(Sample::value).sum();
  }

  double value(String name, Map<String, String> labels) {
    List<Sample> found = named(name).stream().filter(s -> s.labels().equals(labels)).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + labels + " in\n" + text);
    }
    return found.get(0).value();
  }
}
