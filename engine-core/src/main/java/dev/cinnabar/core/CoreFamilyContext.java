// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

/**
 * What the engine's own families for its own mechanisms (connection, server, transactions, pub/sub) get
 * beyond the SPI: the engine itself. They register through the SPI like any plugin; they reach inside
 * because MULTI, CLIENT, CONFIG and friends are the core's state, not a data type's.
 */
public interface CoreFamilyContext {
    Engine engine();

    /** The engine behind a registration context, for the engine's own families. */
    static Engine engineOf(dev.cinnabar.spi.FamilyContext ctx) {
        if (ctx instanceof CoreFamilyContext core) {
            return core.engine();
        }
        throw new IllegalStateException("not an engine-core registration context");
    }
}
