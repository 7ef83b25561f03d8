// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.Optional;

/** Engine services a family may use at registration and at run time. */
public interface EngineServices {
    /** Wall-clock Unix milliseconds, cached per command as Redis caches {@code mstime()}. */
    long nowMillis();

    /** A logger named after the family. */
    System.Logger logger(String name);

    /** The current value of a config parameter as CONFIG GET prints it. */
    String config(String name);

    /** Number of databases. */
    int databases();

    /** The registered type that reads RDB type id {@code typeId} (DUMP payloads, RDB files), if any. */
    Optional<ValueType<?>> valueTypeForRdb(int typeId);
}
