package io.tradingagents.examples.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line must be a {@code # HELP},
 * a {@code # TYPE} or a sample of a family declared by a {@code # TYPE} line before it; label sets must be
 * well formed, values numbers. Anything else throws, naming the line.
 */
final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\""
      + "(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)})? (\\S+)(?: -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> SUFFIXES = Set.of("", "_total", "_bucket", "_count", "_sum", "_created", "_info");

  /** One sample. */
  record Sample(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  PrometheusText(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && i == lines.length - 1) {
        continue; // the final newline
      }
      Matcher m;
      if ((m = TYPE.matcher(line)).matches()) {
        if (types.put(m.group(1), m.group(2)) != null) {
          throw new IllegalArgumentException("line " + (i + 1) + ": family declared twice: " + line);
        }
      } else if (HELP.matcher(line).matches()) {
        continue;
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        if (SUFFIXES.stream().noneMatch(s -> name.endsWith(s) && types.containsKey(name.substring(0, name.length() - s.length())))) {
          throw new IllegalArgumentException("line " + (i + 1) + ": sample of an undeclared family: " + line);
        }
        Map<String, String> labels = new HashMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            if (labels.put(l.group(1), l.group(2)) != null) {
              throw new IllegalArgumentException("line " + (i + 1) + ": label repeated: " + line);
            }
          }
        }
        samples.add(new Sample(name, labels, value(m.group(3), i, line)));
      } else {
        throw new IllegalArgumentException("line " + (i + 1) + " is not Prometheus text format: '" + line + "'");
      }
    }
  }

  private static double value(String text, int index, String line) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + (index + 1) + ": value is not a number: " + line, e);
        }
      }
    };
  }

  List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  double sum(String name) {
    return named(name).stream().mapToDouble(Sample::value).sum();
  }
}
