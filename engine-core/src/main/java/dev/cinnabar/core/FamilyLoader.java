// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core;

import dev.cinnabar.core.command.Command;
import dev.cinnabar.spi.AccessControl;
import dev.cinnabar.spi.CommandFamily;
import dev.cinnabar.spi.CommandHandler;
import dev.cinnabar.spi.CommandSpec;
import dev.cinnabar.spi.ConfigParam;
import dev.cinnabar.spi.EngineServices;
import dev.cinnabar.spi.FamilyContext;
import dev.cinnabar.spi.FunctionStore;
import dev.cinnabar.spi.InfoSection;
import dev.cinnabar.spi.ValueType;

import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds every {@link CommandFamily} on the class path and lets each register, logging what it added. */
final class FamilyLoader {
    private static final System.Logger LOG = System.getLogger("cinnabar.plugins");

    private final Engine engine;

    FamilyLoader(Engine engine) {
        this.engine = engine;
    }

    void loadAll(ClassLoader loader) {
        ServiceLoader<CommandFamily> found = ServiceLoader.load(CommandFamily.class,
                loader != null ? loader : FamilyLoader.class.getClassLoader());
        for (CommandFamily family : found) {
            // a family on the class path of a plugin jar would be found twice: the jar loader owns it
            if (family.getClass().getClassLoader() instanceof PluginClassLoader) {
                continue;
            }
            load(family);
        }
    }

    /**
     * Loads the families of one plugin jar through its own class loader ({@code loadmodule path.jar}).
     *
     * @throws IllegalStateException naming the jar when it cannot be read or provides no family
     */
    void loadJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("plugin " + jar + ": no such file");
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(jar.toUri().toURL(), CommandFamily.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("plugin " + jar + ": " + e.getMessage(), e);
        }
        int found = 0;
        try {
            for (CommandFamily family : ServiceLoader.load(CommandFamily.class, loader)) {
                load(family);
                found++;
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("plugin " + jar + ": " + e.getMessage(), e);
        }
        if (found == 0) {
            throw new IllegalStateException("plugin " + jar + " provides no " + CommandFamily.class.getName()
                    + " in META-INF/services");
        }
        LOG.log(System.Logger.Level.INFO, "Loaded plugin {0}", jar);
    }

    void load(CommandFamily family) {
        Context ctx = new Context(family.name());
        family.register(ctx);
        engine.families().add(family.name());
        LOG.log(System.Logger.Level.DEBUG, "Registering family {0} ({1} commands)", family.name(), ctx.commands);
    }

    /** The registration view one family gets; core families may cast it to reach the engine. */
    /** The family that registered the access control, null while the engine's default is in place. */
    private String accessControlFamily;

    final class Context implements FamilyContext, CoreFamilyContext {
        private final String family;
        private int commands;

        Context(String family) {
            this.family = family;
        }

        @Override
        public void command(String name, CommandHandler handler) {
            engine.commands().register(name, handler);
            commands++;
        }

        @Override
        public void command(CommandSpec spec) {
            Command c = engine.commands().register(spec);
            commands++;
            if (c == null) {
                throw new IllegalStateException(spec.name());
            }
        }

        @Override
        public void valueType(ValueType<?> type) {
            engine.types().register(type);
        }

        @Override
        public Optional<ValueType<?>> valueType(String name) {
            return engine.types().find(name);
        }

        @Override
        public void config(ConfigParam param) {
            engine.config().register(param);
        }

        @Override
        public void functionStore(FunctionStore store) {
            engine.functionStore(store);
        }

        @Override
        public void accessControl(AccessControl control) {
            if (accessControlFamily != null) {
                throw new IllegalStateException("family " + family + " registers access control, but family "
                        + accessControlFamily + " already did");
            }
            accessControlFamily = family;
            engine.accessControl(control);
        }

        @Override
        public void infoSection(InfoSection section) {
            engine.infoSections().add(section);
        }

        @Override
        public EngineServices services() {
            return engine.dispatcher().services();
        }

        @Override
        public Engine engine() {
            return engine;
        }

        @Override
        public String toString() {
            return "family " + family;
        }
    }
}
