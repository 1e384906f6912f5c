package io.vigil.core.policy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.OptionalValue;
import dev.cel.common.values.StructValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A CEL struct type over one of the {@code *Facts} records: its fields, their CEL types and how to
 * read them. Field values are handed to CEL ready to use (an absent string as {@code ""}, a Java
 * {@code Optional} as a CEL optional), so the runtime does not convert them on every selection.
 * Written by hand rather than through CEL's reflective native-types extension: 2-5 times cheaper
 * per field selection in a side-by-side measurement (bench README, "Policies").
 *
 * @param <T> the record
 */
final class FactsType<T> {
  private final String name;
  private final Map<String, Field<T>> fields;
  private final StructType celType;

  private record Field<T>(CelType type, Function<T, Object> getter) {}

  private FactsType(String name, Map<String, Field<T>> fields) {
    this.name = name;
    this.fields = Map.copyOf(fields);
    this.celType =
        StructType.create(
            name,
            ImmutableSet.copyOf(fields.keySet()),
            f -> Optional.ofNullable(this.fields.get(f)).map(Field::type));
  }

  static <T> Builder<T> named(String name) {
    return new Builder<>(name);
  }

  String name() {
    return name;
  }

  StructType celType() {
    return celType;
  }

  /** The CEL value of one record. */
  StructValue<String, T> wrap(T facts) {
    return new Value<>(this, facts);
  }

  /** A type provider for several facts types. */
  static CelTypeProvider provider(List<FactsType<?>> types) {
    ImmutableList<CelType> all =
        types.stream().map(t -> (CelType) t.celType).collect(ImmutableList.toImmutableList());
    return new CelTypeProvider() {
      @Override
      public ImmutableList<CelType> types() {
        return all;
      }

      @Override
      public Optional<CelType> findType(String typeName) {
        return all.stream().filter(t -> t.name().equals(typeName)).findFirst();
      }
    };
  }

  static final class Builder<T> {
    private final String name;
    private final Map<String, Field<T>> fields = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    Builder<T> field(String field, CelType type, Function<T, Object> getter) {
      fields.put(field, new Field<>(type, getter));
      return this;
    }

    FactsType<T> build() {
      return new FactsType<>(name, fields);
    }
  }

  private static final class Value<T> extends StructValue<String, T> {
    private final FactsType<T> type;
    private final T facts;

    Value(FactsType<T> type, T facts) {
      this.type = type;
      this.facts = facts;
    }

    @Override
    public T value() {
      return facts;
    }

    @Override
    public boolean isZeroValue() {
      return false;
    }

    @Override
    public CelType celType() {
      return type.celType;
    }

    @Override
    public Object select(String field) {
      Field<T> f = type.fields.get(field);
      if (f == null) {
        throw new IllegalArgumentException("no field '" + field + "' in " + type.name);
      }
      Object v = f.getter().apply(facts);
      if (v == null) {
        return f.type() == SimpleType.BOOL
            ? Boolean.FALSE
            : f.type() == SimpleType.STRING ? "" : List.of();
      }
      if (v instanceof Optional<?> o) {
        return o.isPresent() ? OptionalValue.create(o.get()) : OptionalValue.EMPTY;
      }
      return v;
    }

    /** Present unless the record holds null there: {@code has(component.scope)} means "known". */
    @Override
    public Optional<?> find(String field) {
      Field<T> f = type.fields.get(field);
      if (f == null || f.getter().apply(facts) == null) {
        return Optional.empty();
      }
      return Optional.of(select(field));
    }
  }
}
