package io.tradingagents.cache.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Estimates the heap a value graph retains, without encoding it, so that the in-process tier's bound
 * bounds memory. The estimate assumes a 64-bit JVM with compressed references (12-byte headers, 4-byte
 * references, 8-byte alignment) and counts:
 *
 * <ul>
 *   <li>strings by their length (1 byte a character when every character is Latin-1, else 2) plus 40;
 *   <li>boxed numbers, {@code java.time} values, {@code BigDecimal}/{@code BigInteger} by fixed sizes;
 *   <li>arrays by their length and element size; collections and maps by their elements plus 16 bytes an
 *       element (32 an entry) for the structure around them;
 *   <li>records and other classes field by field, through reflection (cached per class).
 * </ul>
 *
 * Enums and other shared constants count nothing; an instance reachable twice is counted twice (an
 * over-estimate). A class it cannot read (a JDK internal type, a class in a module that is not open)
 * makes it answer {@code -1}, and the caller weighs the value by its encoded size instead. Measured
 * against retained heap in {@code HeapWeigherTest}: within a factor of 2 for text, records with lists
 * and small records.
 */
final class HeapWeigher {
  /** A graph deeper than this is not walked (the caller falls back to the encoded size). */
  private static final int MAX_DEPTH = 64;
  private static final int HEADER = 12;
  private static final int REFERENCE = 4;

  /** Instance fields per class, or {@code null} if the class cannot be walked. */
  private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
    @Override
    protected Field[] computeValue(Class<?> type) {
      if (type.getName().startsWith("java.") || type.getName().startsWith("jdk.")
          || type.getName().startsWith("sun.")) {
        return null;
      }
      List<Field> fields = new ArrayList<>();
      try {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
          for (Field field : c.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
              field.setAccessible(true);
              fields.add(field);
            }
          }
        }
      } catch (RuntimeException e) { // InaccessibleObjectException, SecurityException
        return null;
      }
      return fields.toArray(new Field[0]);
    }
  };

  private HeapWeigher() {}

  /** @return the estimated retained heap in bytes, or {@code -1} if the value cannot be walked */
  static long weigh(Object value) {
    try {
      return size(value, 0);
    } catch (Unweighable e) {
      return -1;
    }
  }

  private static long size(Object value, int depth) throws Unweighable {
    if (value == null || value instanceof Enum || value instanceof Boolean) {
      return 0;
    }
    if (depth > MAX_DEPTH) {
      throw Unweighable.INSTANCE;
    }
    if (value instanceof String) {
      return string((String) value);
    }
    if (value instanceof Number || value instanceof Character) {
      return number(value);
    }
    if (value instanceof TemporalAccessor || value instanceof java.time.Duration
        || value instanceof java.time.Period || value instanceof java.util.Date) {
      return 72; // LocalDateTime/ZonedDateTime hold a few small objects; LocalDate and Instant less
    }
    if (value instanceof Collection) {
      long total = 40;
      for (Object element : (Collection<?>) value) {
        total += 16 + size(element, depth + 1);
      }
      return total;
    }
    if (value instanceof Map) {
      long total = 48;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        total += 32 + size(entry.getKey(), depth + 1) + size(entry.getValue(), depth + 1);
      }
      return total;
    }
    if (value instanceof Optional) {
      return 16 + size(((Optional<?>) value).orElse(null), depth + 1);
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return array(value, type.getComponentType(), depth);
    }
    Field[] fields = FIELDS.get(type);
    if (fields == null) {
      throw Unweighable.INSTANCE;
    }
    long shallow = HEADER;
    long deep = 0;
    try {
      for (Field field : fields) {
        Class<?> fieldType = field.getType();
        if (fieldType.isPrimitive()) {
          shallow += primitive(fieldType);
        } else {
          shallow += REFERENCE;
          deep += size(field.get(value), depth + 1);
        }
      }
    } catch (IllegalAccessException e) {
      throw Unweighable.INSTANCE;
    }
    return align(shallow) + deep;
  }

  private static long string(String s) {
    boolean latin1 = true;
    for (int i = 0; i < s.length() && latin1; i++) {
      latin1 = s.charAt(i) < 256;
    }
    return 40 + align((long) s.length() * (latin1 ? 1 : 2));
  }

  private static long number(Object value) {
    if (value instanceof BigDecimal) {
      return 40 + 40 + ((BigDecimal) value).unscaledValue().bitLength() / 8;
    }
    if (value instanceof BigInteger) {
      return 40 + 16 + ((BigInteger) value).bitLength() / 8;
    }
    return 16 + ((value instanceof Long || value instanceof Double) ? 8 : 0);
  }

  private static long array(Object array, Class<?> component, int depth) throws Unweighable {
    int length = java.lang.reflect.Array.getLength(array);
    if (component.isPrimitive()) {
      return align(16 + (long) length * primitive(component));
    }
    long total = align(16 + (long) length * REFERENCE);
    for (Object element : (Object[]) array) {
      total += size(element, depth + 1);
    }
    return total;
  }

  private static int primitive(Class<?> type) {
    if (type == long.class || type == double.class) {
      return 8;
    }
    if (type == int.class || type == float.class) {
      return 4;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    return 1;
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** The walk met something it cannot weigh; no stack trace. */
  private static final class Unweighable extends Exception {
    private static final long serialVersionUID = 1L;
    static final Unweighable INSTANCE = new Unweighable();

    private Unweighable() {
      super(null, null, false, false);
    }
  }
}
