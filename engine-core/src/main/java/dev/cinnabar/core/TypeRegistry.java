// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.spi.ValueType;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Registered data types, by name and by the Java class of their values. */
public final class TypeRegistry {
    private final Map<String, ValueType<?>> byName = new LinkedHashMap<>();
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
        if (byName.putIfAbsent(type.name(), type) != null) {
            throw new IllegalArgumentException("type '" + type.name() + "' is registered twice");
        }
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
