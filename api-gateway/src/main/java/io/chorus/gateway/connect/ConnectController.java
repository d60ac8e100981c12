package io.chorus.gateway.connect;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.config.JwtProperties;
import io.chorus.gateway.problem.Problems;
import io.chorus.gateway.ratelimit.UserRateLimitGatewayFilterFactory;
import io.chorus.protocol.ErrorCode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/connect} (authenticated, spends a token of the caller's rate-limit bucket like any request):
 * "route, then connect". Answers {@code {url, ticket, expiresAt}}: the WebSocket URL of a connection-service
 * instance (round robin over the instances the gateway knows, or the configured public URL) and a
 * {@link ConnectTickets connect ticket} for it. The client then opens {@code url?ticket=<ticket>} directly, so
 * the gateway authenticates and places the socket but carries none of its frames.
 *
 * <p>Needs the HS256 platform secret ({@code chorus.jwt.secret}, from which connection-service derives the same
 * ticket key): without it (a gateway checking RS256 tokens against a JWKS only) the path answers 404.
 */
@RestController
class ConnectController {

    static final String PATH = "/api/connect";
    static final String SERVICE = "connection-service";

    /** Instance metadata naming the URL clients reach that instance's {@code /ws} at. */
    static final String PUBLIC_URL_METADATA = "public-url";

    private static final Log log = LogFactory.getLog(ConnectController.class);

    private final @Nullable ConnectTickets tickets;
    private final ReactiveLoadBalancer.Factory<ServiceInstance> balancers;
    private final UserRateLimitGatewayFilterFactory rateLimit;
    private final Problems problems;
    private final JsonMapper json;
    private final URI publicUrl;

    ConnectController(
            JwtProperties jwt,
            GatewayProperties gateway,
            ReactiveLoadBalancer.Factory<ServiceInstance> balancers,
            UserRateLimitGatewayFilterFactory rateLimit,
            Problems problems,
            JsonMapper json) {
        this.tickets = jwt.hasSecret()
                ? new ConnectTickets(jwt.secret(), gateway.connect().ticketTtl(), Clock.systemUTC())
                : null;
        this.balancers = balancers;
        this.rateLimit = rateLimit;
        this.problems = problems;
        this.json = json;
        this.publicUrl = gateway.connect().publicUrl();
    }

    @GetMapping(PATH)
    Mono<Void> connect(ServerWebExchange exchange) {
        if (tickets == null) {
            return problems.write(exchange, HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "no such resource");
        }
        return rateLimit.filter(exchange, this::answer);
    }

    private Mono<Void> answer(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .flatMap(user -> url().map(url -> new Answer(url, tickets.issue(user.getToken()))))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(answer -> answer.isPresent() ? write(exchange, answer.get()) : unavailable(exchange));
    }

    /** The configured public URL, else the next instance's (round robin), else empty. */
    private Mono<String> url() {
        if (publicUrl != null) {
            return Mono.just(publicUrl.toString());
        }
        ReactiveLoadBalancer<ServiceInstance> balancer = balancers.getInstance(SERVICE);
        if (balancer == null) {
            return Mono.empty();
        }
        return Mono.from(balancer.choose(new DefaultRequest<>()))
                .filter(response -> response.hasServer())
                .map(response -> webSocketUrl(response.getServer()));
    }

    static String webSocketUrl(ServiceInstance instance) {
        String published =
                instance.getMetadata() == null ? null : instance.getMetadata().get(PUBLIC_URL_METADATA);
        if (published != null && !published.isBlank()) {
            return published;
        }
        String scheme = instance.isSecure() ? "wss" : "ws";
        return scheme + "://" + instance.getHost() + ":" + instance.getPort() + "/ws";
    }

    private Mono<Void> write(ServerWebExchange exchange, Answer answer) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setCacheControl(CacheControl.noStore());
        var body = new ConnectAnswer(
                answer.url(), answer.ticket().value(), answer.ticket().expiresAt());
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(json.writeValueAsBytes(body))));
    }

    private Mono<Void> unavailable(ServerWebExchange exchange) {
        log.warn("connect: no " + SERVICE + " instance to offer");
        exchange.getResponse().getHeaders().set("Retry-After", "2");
        return problems.write(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                ErrorCode.UNAVAILABLE,
                "no connection-service instance is available; retry later");
    }

    private record Answer(String url, ConnectTickets.Ticket ticket) {}

    /** The answer's JSON: where to connect, the ticket to connect with, and until when it opens a socket. */
    record ConnectAnswer(String url, String ticket, Instant expiresAt) {}
}
