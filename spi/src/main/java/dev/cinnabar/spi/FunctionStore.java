// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

import java.util.List;

/**
 * Where the scripting plugin keeps its function libraries, so the engine can persist them as Redis does:
 * FUNCTION2 records in RDB files and DUMP payloads, {@code FUNCTION LOAD} commands in a rewritten AOF.
 * Without a store registered, the engine keeps the libraries it reads as code it cannot run.
 */
public interface FunctionStore {
    /** Every library's source code, in the order they were created. */
    List<byte[]> libraries();

    /**
     * Replaces every library with {@code codes} (an RDB load), all or nothing: if one does not compile or
     * two share a name, throws a {@link RedisError} saying why and leaves the libraries as they were.
     */
    void replaceAll(List<byte[]> codes);

    /** How many functions the libraries register (INFO's {@code number_of_functions}). */
    default int functionCount() {
        return 0;
    }

    /** How many EVAL scripts the scripting plugin keeps compiled, for INFO's {@code number_of_cached_scripts}. */
    default int cachedScripts() {
        return 0;
    }
}
