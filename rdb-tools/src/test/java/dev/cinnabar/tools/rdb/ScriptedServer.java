// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A RESP server for the cases a real Redis will not produce on demand (a key deleted between SCAN and DUMP, a
 * connection closed in the middle of a reply): one connection, each command answered with the raw bytes its
 * script gives, the connection closed when the script gives null. The payloads it serves are a real Redis's.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    /** @param script a command (its arguments as text) to the raw reply bytes, null to close the connection */
    ScriptedServer(Function<List<String>, byte[]> script) throws IOException {
        this(script, command -> false);
    }

    /** @param closeAfter the commands after whose reply the connection is closed */
    ScriptedServer(Function<List<String>, byte[]> script, Predicate<List<String>> closeAfter) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(script, closeAfter), "scripted-redis");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    private void serve(Function<List<String>, byte[]> script, Predicate<List<String>> closeAfter) {
        try (Socket s = server.accept()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                List<String> command = readCommand(in);
                if (command == null) {
                    return;
                }
                byte[] reply = script.apply(command);
                if (reply == null) {
                    out.flush();
                    return;
                }
                out.write(reply);
                out.flush();
                if (closeAfter.test(command)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away: the test judges what it saw
        }
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String head = line(in);
        if (head == null) {
            return null;
        }
        int n = Integer.parseInt(head.substring(1));
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(in).substring(1));
            args.add(new String(in.readNBytes(len), UTF_8));
            in.readNBytes(2);
        }
        return args;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    static byte[] bulk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("$" + b.length + "\r\n").getBytes(UTF_8));
        out.writeBytes(b);
        out.writeBytes("\r\n".getBytes(UTF_8));
        return out.toByteArray();
    }

    static byte[] bulk(String s) {
        return bulk(s.getBytes(UTF_8));
    }

    static byte[] raw(String s) {
        return s.getBytes(UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
