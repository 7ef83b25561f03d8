// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.lua;

import dev.cinnabar.spi.FunctionStore;

import java.util.List;

/** What the engine sees of scripting: the function libraries to persist, and the size of the script cache. */
final class ScriptingStore implements FunctionStore {
    private final FunctionLibraries libraries;
    private final EvalScripts scripts;

    ScriptingStore(FunctionLibraries libraries, EvalScripts scripts) {
        this.libraries = libraries;
        this.scripts = scripts;
    }

    @Override
    public List<byte[]> libraries() {
        return libraries.libraries();
    }

    @Override
    public void replaceAll(List<byte[]> codes) {
        libraries.replaceAll(codes);
    }

    @Override
    public int functionCount() {
        return libraries.functionCount();
    }

    @Override
    public int cachedScripts() {
        return scripts.size();
    }
}
