// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.spi.ValueType;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Registered data types, by name and by the Java class of their values. */
public final class TypeRegistry {
    private final Map<String, ValueType<?>> byName = new LinkedHashMap<>();
    private final Map<Integer, ValueType<?>> byRdbType = new HashMap<>();
    private final ClassValue<ValueType<?>> byClass = new ClassValue<>() {
        @Override
        protected ValueType<?> computeValue(Class<?> type) {
            for (ValueType<?> t : byName.values()) {
                if (t.valueClass().isAssignableFrom(type)) {
                    return t;
                }
            }
            throw new IllegalStateException("no registered type for values of " + type.getName());
        }
    };

    public void register(ValueType<?> type) {
        if (byName.containsKey(type.name())) {
            throw new IllegalArgumentException("type '" + type.name() + "' is registered twice");
        }
        for (int id : type.rdbTypeIds()) {
            ValueType<?> other = byRdbType.get(id);
            if (other != null) {
                throw new IllegalArgumentException("RDB type id " + id + " of type '" + type.name()
                        + "' is already read by type '" + other.name() + "'");
            }
        }
        byName.put(type.name(), type);
        for (int id : type.rdbTypeIds()) {
            byRdbType.put(id, type);
        }
    }

    /** The type that reads RDB type id {@code id}. */
    public Optional<ValueType<?>> forRdbType(int id) {
        return Optional.ofNullable(byRdbType.get(id));
    }

    public Optional<ValueType<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public ValueType<?> of(Object value) {
        return byClass.get(value.getClass());
    }

    public Collection<ValueType<?>> all() {
        return byName.values();
    }
}
