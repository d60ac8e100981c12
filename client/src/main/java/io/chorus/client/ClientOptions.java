package io.chorus.client;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The settings of one {@link ChorusClient}, fixed by {@link ChorusClientBuilder#build()}. */
record ClientOptions(
        URI uri,
        @Nullable String token,
        @Nullable Supplier<String> tokenProvider,
        boolean authorizationHeader,
        @Nullable String device,
        boolean compression,
        int maxFramePayloadLength,
        @Nullable InetAddress bindAddress,
        Backoff backoff,
        Duration requestTimeout,
        Duration connectTimeout,
        @Nullable Duration heartbeat,
        ClientResources resources,
        @Nullable GiftGapListener giftGapListener,
        @Nullable NotifyGapListener notifyGapListener,
        @Nullable RawFrameListener rawFrameListener,
        boolean routeThenConnect) {}
