package io.suanli.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection for the load generator: writes a request, blocks until its
 * whole answer is read, and keeps the connection for the next one, as a simple client does.
 * {@code java.net.http.HttpClient} cost the generator about 0.5 ms of CPU per request (its
 * executor hand-offs, header maps and flow-based body handling), a third of the whole machine's
 * CPU per accepted job in the REST benchmark; this client costs a few percent of that, so the
 * benchmark measures the server. Not thread-safe: one per client thread.
 */
final class KeepAliveHttpClient implements AutoCloseable {

    /** Status and body of one answer. */
    record Answer(int status, String body) {}

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveHttpClient(URI url) {
        this.host = url.getHost();
        this.port = url.getPort() < 0 ? 80 : url.getPort();
    }

    /**
     * POSTs {@code body} to {@code path} with {@code headers} (each line ending in CRLF) and returns
     * the answer; reconnects once if the server had closed the kept-alive connection.
     */
    Answer post(String path, String headers, byte[] body) throws IOException {
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headers
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        boolean fresh = socket == null;
        try {
            connectIfNeeded();
            out.write(request);
            out.write(body);
            out.flush();
            return readAnswer();
        } catch (IOException closedMeanwhile) {
            close();
            if (fresh) {
                throw closedMeanwhile;
            }
            connectIfNeeded();
            out.write(request);
            out.write(body);
            out.flush();
            return readAnswer();
        }
    }

    private void connectIfNeeded() throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
    }

    private Answer readAnswer() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line();
            }
            line();
        } else if (length >= 0) {
            copy(length, body);
        }
        if (close) {
            close();
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        for (long left = n; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("connection closed in a body");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A CRLF-terminated line without its terminator; null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); ; c = in.read()) {
            if (c < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (c == '\n') {
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
            line.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
