// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one plugin jar in isolation: the plugin sees the JDK and the {@code dev.cinnabar.spi} package from
 * the engine, and everything else from its own jar, so it can neither reach engine internals nor clash with
 * the engine's or another plugin's libraries.
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String SPI_PACKAGE = "dev.cinnabar.spi.";

    private final ClassLoader spiLoader;

    PluginClassLoader(URL jar, ClassLoader spiLoader) {
        super(new URL[]{jar}, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE)) {
            return spiLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
