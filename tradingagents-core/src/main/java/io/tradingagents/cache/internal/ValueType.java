package io.tradingagents.cache.internal;

import io.tradingagents.cache.TypeRef;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The type a caller reads or loads with: a class, or a generic type from a {@link TypeRef}. Shared by all
 * reads of one type (a class's is made once per class; a generic type's once per type, up to a bound).
 */
final class ValueType {
  private static final ClassValue<ValueType> CLASSES = new ClassValue<>() {
    @Override
    protected ValueType computeValue(Class<?> type) {
      return new ValueType(type, type);
    }
  };
  private static final ConcurrentHashMap<Type, ValueType> GENERIC = new ConcurrentHashMap<>();

  /** The class every value of this type is an instance of. */
  final Class<?> raw;
  /** The full type, a {@link Class} when not generic. */
  final Type type;
  /** What the envelope records: {@link Type#getTypeName()}. */
  final String name;

  private ValueType(Class<?> raw, Type type) {
    this.raw = raw;
    this.type = type;
    this.name = type.getTypeName();
  }

  static ValueType of(Class<?> type) {
    return CLASSES.get(type);
  }

  static ValueType of(TypeRef<?> ref) {
    Type type = ref.type();
    if (type instanceof Class) {
      return of((Class<?>) type);
    }
    ValueType known = GENERIC.get(type);
    if (known != null) {
      return known;
    }
    ValueType made = new ValueType(ref.rawType(), type);
    return GENERIC.size() < 1024 ? GENERIC.computeIfAbsent(type, t -> made) : made;
  }

  /** @return the type a value put without a token is stored as: its class */
  static ValueType ofValue(Object value) {
    return of(value.getClass());
  }

  boolean isGeneric() {
    return !(type instanceof Class);
  }

  /**
   * Whether an in-process value stored as {@code stored} can be handed out as this type. A value stored
   * with this very type is; one stored as a plain class is checked by its class and, for a collection or
   * a map, its elements, keys and values one level deep (erasure hides the rest).
   */
  boolean accepts(Object value, @Nullable Type stored) {
    if (!raw.isInstance(value)) {
      return false;
    }
    if (!isGeneric() || type.equals(stored)) {
      return true;
    }
    if (stored != null && !(stored instanceof Class)) {
      return false; // stored with another generic type
    }
    Type[] arguments = ((ParameterizedType) type).getActualTypeArguments();
    if (value instanceof Collection && arguments.length == 1) {
      return allInstances((Collection<?>) value, arguments[0]);
    }
    if (value instanceof Map && arguments.length == 2) {
      Map<?, ?> map = (Map<?, ?>) value;
      return allInstances(map.keySet(), arguments[0]) && allInstances(map.values(), arguments[1]);
    }
    return true;
  }

  private static boolean allInstances(Collection<?> values, Type argument) {
    Class<?> expected = argument instanceof Class ? (Class<?>) argument
        : argument instanceof ParameterizedType ? (Class<?>) ((ParameterizedType) argument).getRawType()
        : Object.class;
    for (Object element : values) {
      if (element != null && !expected.isInstance(element)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return name;
  }
}
