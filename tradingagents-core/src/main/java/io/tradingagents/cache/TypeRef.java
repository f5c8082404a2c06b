package io.tradingagents.cache;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/**
 * A value type with its generic arguments, for values such as {@code List<Quote>} or
 * {@code Map<String, List<Bar>>} that a {@link Class} cannot name. Create one as an anonymous subclass,
 * once, and keep it in a constant:
 *
 * <pre>{@code
 * static final TypeRef<List<Quote>> QUOTES = new TypeRef<>() {};
 * List<Quote> quotes = cache.get(key, QUOTES, k -> upstream.quotes(k.symbol()));
 * }</pre>
 *
 * <p>A value read from a shared tier is decoded into the full generic type. What is checked:
 * <ul>
 *   <li>in a shared tier, the entry records the type it was stored as ({@link Type#getTypeName()}); a read
 *       with another type is a counted type mismatch and leaves the entry alone;
 *   <li>in memory, a value stored with this token is a hit for this token; a value stored without one
 *       ({@code put(key, value)}) is checked by its class and, for a collection or map, the classes of its
 *       elements, keys and values one level deep. Deeper arguments ({@code List<List<Quote>>}'s inner
 *       elements) cannot be checked under erasure: store such values with their token.
 * </ul>
 *
 * <p>Immutable; equal when their types are equal.
 *
 * @param <T> the value type
 */
public abstract class TypeRef<T> {
  private final Type type;
  private final Class<?> rawType;

  /**
   * For an anonymous subclass: {@code new TypeRef<List<Quote>>() {}}.
   *
   * @throws IllegalStateException if the subclass does not give the type argument, or gives one with a
   *     type variable (a {@code TypeRef<List<T>>} inside a generic method cannot be resolved at run time)
   */
  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType)
        || ((ParameterizedType) superclass).getRawType() != TypeRef.class) {
      throw new IllegalStateException("Create a TypeRef as a direct anonymous subclass with its type "
          + "argument, e.g. new TypeRef<List<Quote>>() {}");
    }
    this.type = ((ParameterizedType) superclass).getActualTypeArguments()[0];
    this.rawType = rawClass(type, type);
  }

  private TypeRef(Type type) {
    this.type = type;
    this.rawType = rawClass(type, type);
  }

  /**
   * @param type a class
   * @param <T> its type
   * @return the token of a non-generic type
   */
  public static <T> TypeRef<T> of(Class<T> type) {
    requireNonNull(type, "type");
    return new TypeRef<>((Type) type) {};
  }

  /**
   * For frameworks that hold a reflected type (a method's generic return type, say).
   *
   * @param type a class or a parameterized type of concrete arguments
   * @return its token
   * @throws IllegalStateException if it holds a type variable
   */
  public static TypeRef<?> of(Type type) {
    requireNonNull(type, "type");
    return new TypeRef<>(type) {};
  }

  private static Class<?> rawClass(Type type, Type whole) {
    if (type instanceof Class) {
      return (Class<?>) type;
    }
    if (type instanceof ParameterizedType) {
      for (Type argument : ((ParameterizedType) type).getActualTypeArguments()) {
        rawClass(argument, whole);
      }
      return rawClass(((ParameterizedType) type).getRawType(), whole);
    }
    if (type instanceof GenericArrayType) {
      return java.lang.reflect.Array.newInstance(
          rawClass(((GenericArrayType) type).getGenericComponentType(), whole), 0).getClass();
    }
    if (type instanceof WildcardType) {
      Type[] upper = ((WildcardType) type).getUpperBounds();
      return rawClass(upper.length == 0 ? Object.class : upper[0], whole);
    }
    String what = type instanceof TypeVariable ? "the type variable " + type.getTypeName() : type.toString();
    throw new IllegalStateException("TypeRef " + whole.getTypeName() + " holds " + what + ", which cannot "
        + "be resolved at run time; name a concrete type, e.g. new TypeRef<List<Quote>>() {}");
  }

  /** @return the full type, e.g. {@code java.util.List<com.example.Quote>} */
  public Type type() {
    return type;
  }

  /** @return its class, e.g. {@code java.util.List} */
  public Class<?> rawType() {
    return rawType;
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof TypeRef && ((TypeRef<?>) o).type.equals(type);
  }

  @Override
  public final int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "TypeRef<" + type.getTypeName() + ">";
  }
}
