package io.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request whose body arrives after the server has answered it without reading it (a 405, a 404) must
 * leave the connection usable: Java's HttpClient sends a body after its headers and reuses connections.
 */
class ConnectionReuseTest {
    private CapstanServer server;

    @BeforeEach
    void start() throws Exception {
        Router router = new Router();
        router.add("POST", "/api/things/create", ex -> ex.json(Exchange.object().put("ok", true)));
        router.add("GET", "/health", ex -> ex.json(Exchange.object().put("ok", true)));
        server = new CapstanServer("127.0.0.1", 0, 4, router);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aLateBodyOfAnAnswerThatDidNotReadItKeepsTheConnection() throws Exception {
        for (String request : new String[] {"PUT /api/things/create", "POST /api/no/such/route"}) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write((request + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String first = response(in);
                assertThat(first).startsWith(request.startsWith("PUT") ? "HTTP/1.1 405" : "HTTP/1.1 404");
                out.write("{}".getBytes(StandardCharsets.US_ASCII));
                out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(response(in)).as(request).startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Reads one response with a Content-Length body. */
    private static String response(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.isEmpty() ? "EOF" : head.toString();
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
