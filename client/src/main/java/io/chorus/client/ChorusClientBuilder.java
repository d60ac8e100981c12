package io.chorus.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Settings of a {@link ChorusClient}; {@link ChorusClient#builder(URI)} starts one. */
public final class ChorusClientBuilder {

    private final URI uri;
    private @Nullable String token;
    private @Nullable Supplier<String> tokenProvider;
    private boolean authorizationHeader;
    private @Nullable String device;
    private boolean compression;
    private int maxFramePayloadLength = 1024 * 1024;
    private @Nullable InetAddress bindAddress;
    private Backoff backoff = Backoff.defaults();
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private @Nullable Duration heartbeat;
    private ClientResources resources = ClientResources.shared();
    private @Nullable GiftGapListener giftGapListener;
    private @Nullable NotifyGapListener notifyGapListener;
    private @Nullable RawFrameListener rawFrameListener;
    private boolean routeThenConnect;

    ChorusClientBuilder(URI uri) {
        String scheme = uri.getScheme();
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("not a WebSocket URI: " + uri);
        }
        this.uri = uri;
    }

    /** The JWT, sent as the {@code access_token} query parameter (or header, see {@link #authorizationHeader}). */
    public ChorusClientBuilder token(String jwt) {
        this.token = Objects.requireNonNull(jwt, "jwt");
        return this;
    }

    /**
     * Where fresh tokens come from: asked when there is no token yet, after close code 4001 (token
     * expired) and after a reconnect refused with 401. May block; it is called off the event loop.
     */
    public ChorusClientBuilder tokenProvider(Supplier<String> tokenProvider) {
        this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
        return this;
    }

    /**
     * "Route, then connect": the URI is the api-gateway's ({@code ws://gateway:8080/ws}); before every connection
     * attempt the client asks the gateway's {@code GET /api/connect} (same host, http or https, the token as
     * {@code Authorization: Bearer}) where to connect, and opens the WebSocket it names directly, with the
     * short-lived ticket the gateway issued ({@code ?ticket=}) instead of the token. The gateway then
     * carries no frames. A 401 or 503 from {@code /api/connect} counts as a refused upgrade with that status
     * (new token, or backoff). Off by default: the WebSocket goes to the URI itself.
     */
    public ChorusClientBuilder routeThenConnect(boolean routeThenConnect) {
        this.routeThenConnect = routeThenConnect;
        return this;
    }

    /** Send the token as {@code Authorization: Bearer} instead of the query parameter (not for browsers). */
    public ChorusClientBuilder authorizationHeader(boolean authorizationHeader) {
        this.authorizationHeader = authorizationHeader;
        return this;
    }

    /** The device id ({@code device} query parameter); one user may connect from several devices. */
    public ChorusClientBuilder device(String device) {
        this.device = device;
        return this;
    }

    /** Offer permessage-deflate. */
    public ChorusClientBuilder compression(boolean compression) {
        this.compression = compression;
        return this;
    }

    /** Largest inbound frame (after reassembly of continuation frames); default 1 MiB. */
    public ChorusClientBuilder maxFramePayloadLength(int bytes) {
        this.maxFramePayloadLength = bytes;
        return this;
    }

    /** The local source address, e.g. one of several 127.0.0.x to get past 64K ephemeral ports. */
    public ChorusClientBuilder bindAddress(InetAddress bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    /** {@link #bindAddress(InetAddress)} for a literal IP address. */
    public ChorusClientBuilder bindAddress(String ipLiteral) {
        try {
            return bindAddress(InetAddress.getByName(ipLiteral));
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException("not an address: " + ipLiteral, ex);
        }
    }

    /** Reconnect delays; {@link Backoff#disabled()} never reconnects. Default {@link Backoff#defaults()}. */
    public ChorusClientBuilder reconnect(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /** How long every request waits for its reply; default 10 s. */
    public ChorusClientBuilder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        return this;
    }

    /** How long the TCP connect plus the WebSocket upgrade may take; default 10 s. */
    public ChorusClientBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    /**
     * Send {@code ping} at this interval (first one at a random point of the interval, so that many
     * clients spread out); a {@code pong} missing for the request timeout drops the connection and
     * reconnects. Default: no heartbeat.
     */
    public ChorusClientBuilder heartbeat(Duration interval) {
        this.heartbeat = positive(interval, "heartbeat");
        return this;
    }

    /** Event loops, codec and timer shared with other clients; default {@link ClientResources#shared()}. */
    public ChorusClientBuilder resources(ClientResources resources) {
        this.resources = Objects.requireNonNull(resources, "resources");
        return this;
    }

    public ChorusClientBuilder onGiftGap(GiftGapListener listener) {
        this.giftGapListener = listener;
        return this;
    }

    public ChorusClientBuilder onNotifyGap(NotifyGapListener listener) {
        this.notifyGapListener = listener;
        return this;
    }

    /** Sees every text frame before decoding; see {@link RawFrameListener}. */
    public ChorusClientBuilder rawFrames(RawFrameListener listener) {
        this.rawFrameListener = listener;
        return this;
    }

    /** A client, not connected yet. Needs a {@link #token} or a {@link #tokenProvider}. */
    public ChorusClient build() {
        if (token == null && tokenProvider == null) {
            throw new IllegalStateException("a token or a token provider is required");
        }
        return new ChorusClient(new ClientOptions(
                uri,
                token,
                tokenProvider,
                authorizationHeader,
                device,
                compression,
                maxFramePayloadLength,
                bindAddress,
                backoff,
                requestTimeout,
                connectTimeout,
                heartbeat,
                resources,
                giftGapListener,
                notifyGapListener,
                rawFrameListener,
                routeThenConnect));
    }

    private static Duration positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return duration;
    }
}
