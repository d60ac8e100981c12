package io.chorus.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Hand-written HTTP/1.1 on a plain socket, for requests no well-behaved client would send. */
public final class RawHttp {

    private RawHttp() {}

    /** Sends the bytes and returns what the server answered until it closed or went quiet for 5 s. */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    /**
     * Sends the head, then the body one byte per {@code pauseMillis}, and returns the answer and the number of
     * body bytes the server let through before it answered or closed.
     */
    public static SlowResult slowBody(int port, String head, int bodyBytes, long pauseMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int sent = 0;
            for (; sent < bodyBytes; sent++) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                if (readSome(socket.getInputStream(), answer, pauseMillis) < 0) {
                    break;
                }
                if (answer.size() > 0) {
                    break;
                }
            }
            return new SlowResult(answer.toString(StandardCharsets.ISO_8859_1), sent);
        }
    }

    /**
     * Sends the requests one after the other on one kept-alive connection, each as soon as the previous answer
     * is complete, and returns each answer's status line, or {@code "(no answer)"} (and stops) when one did not
     * come within {@code waitMillis}, or {@code "(closed)"} (and stops) when the server closed the connection.
     */
    public static java.util.List<String> keepAlive(int port, java.util.List<String> requests, int waitMillis)
            throws IOException {
        java.util.List<String> statuses = new java.util.ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(waitMillis);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String request : requests) {
                try {
                    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException closed) {
                    statuses.add("(closed)");
                    break;
                }
                try {
                    statuses.add(readResponse(in));
                } catch (SocketTimeoutException silent) {
                    statuses.add("(no answer)");
                    break;
                } catch (IOException closed) {
                    statuses.add("(closed)");
                    break;
                }
            }
        }
        return statuses;
    }

    /** Reads one response (Content-Length or chunked body) and returns its status line. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readLine(in);
        String status = head;
        long length = 0;
        boolean chunked = false;
        while (!head.isEmpty()) {
            head = readLine(in);
            String lower = head.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                in.readNBytes(size + 2);
                if (size == 0) {
                    break;
                }
            }
        } else {
            in.readNBytes((int) length);
        }
        return status;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** What a slow sender saw. */
    public record SlowResult(String answer, int bodyBytesSent) {}

    private static int readSome(InputStream in, ByteArrayOutputStream into, long waitMillis) throws IOException {
        long until = System.currentTimeMillis() + waitMillis;
        byte[] buffer = new byte[4096];
        while (System.currentTimeMillis() < until) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return -1;
                }
                into.write(buffer, 0, n);
            } catch (SocketTimeoutException quiet) {
                // keep waiting until the pause is over
            } catch (IOException reset) {
                return -1;
            }
        }
        return 0;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // the server keeps the connection open; what arrived is the answer
        } catch (IOException reset) {
            // closed hard after answering
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
