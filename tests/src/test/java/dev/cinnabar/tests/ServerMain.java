// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tests;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.server.RespServer;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Cinnabar server as a process of its own (crash tests kill it): args are name value pairs; prints its port. */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            config.put(args[i], args[i + 1]);
        }
        Engine engine = Engine.open(config);
        RespServer server = new RespServer(engine);
        int port = server.start(0);
        System.out.println("PORT " + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
