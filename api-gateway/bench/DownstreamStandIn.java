import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * The downstream stand-in for the gateway benchmark: answers every request with the same small JSON body
 * (about the size of a GET /api/rooms/{id} answer) from a single Reactor Netty event loop.
 * Run: java -cp <reactor-netty classpath> DownstreamStandIn.java PORT
 */
public class DownstreamStandIn {
    public static void main(String[] args) throws Exception {
        System.setProperty("reactor.netty.ioWorkerCount", "1");
        byte[] body = "{\"id\":\"lobby\",\"title\":\"Lobby\",\"state\":\"live\",\"viewers\":1234,\"slowModeSeconds\":0}"
                .getBytes(StandardCharsets.UTF_8);
        HttpServer.create()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .handle((request, response) -> request.receive()
                        .then(response.header("Content-Type", "application/json")
                                .header("Content-Length", Integer.toString(body.length))
                                .sendByteArray(Mono.just(body))
                                .then()))
                .bindNow()
                .onDispose()
                .block();
    }
}
