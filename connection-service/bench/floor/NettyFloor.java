import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;

/**
 * The JVM and Netty floor of the churn benchmark: a bare Netty WebSocket server on epoll, with nothing of
 * the connection tier (no token check, no rooms, no metrics, no Spring, no Reactor). It answers the churn
 * generator's {@code join}, {@code leave} and {@code ping} with replies of the tier's shape and size, read
 * and written through Netty's own WebSocket codec with one flush per reply, on as many event loops as the
 * tier uses. What it costs per join + leave is the least any Netty-based tier can cost on this machine.
 *
 * <p>{@code java -cp <netty jars> NettyFloor.java <port> [event loops]}; run by {@code netty-floor.sh}.
 */
public final class NettyFloor {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .handleCloseFrames(true)
                .maxFramePayloadLength(65536)
                .build();
        new ServerBootstrap()
                .group(boss, workers)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new WebSocketServerProtocolHandler(ws))
                                .addLast(new Replies());
                    }
                })
                .bind("127.0.0.1", port)
                .sync();
        System.out.println("netty floor listening on 127.0.0.1:" + port + " with " + loops + " event loops");
        Thread.currentThread().join();
    }

    /** {"type":"join|leave|ping","id":"...","room":"..."}: the churn generator's layout (type first, id second). */
    static final class Replies extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        private static final byte[] TYPE = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ID = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ROOM = "\"room\":\"".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ByteBuf in = frame.content();
            int start = in.readerIndex();
            int end = in.writerIndex();
            char kind = (char) in.getByte(start + TYPE.length);
            String id = value(in, start, end, ID);
            String reply =
                    switch (kind) {
                        case 'j' -> "{\"type\":\"joined\",\"id\":\"" + id + "\",\"room\":\"" + value(in, start, end, ROOM)
                                + "\",\"viewers\":40,\"recent\":[],\"giftSeq\":0}";
                        case 'l' -> "{\"type\":\"left\",\"id\":\"" + id + "\",\"room\":\"" + value(in, start, end, ROOM)
                                + "\"}";
                        case 'p' -> "{\"type\":\"pong\",\"id\":\"" + id + "\"}";
                        default -> "{\"type\":\"error\",\"id\":\"" + id + "\",\"code\":\"bad_request\"}";
                    };
            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(reply.getBytes(StandardCharsets.US_ASCII))));
        }

        private static String value(ByteBuf in, int start, int end, byte[] name) {
            for (int i = start; i + name.length < end; i++) {
                boolean match = true;
                for (int j = 0; j < name.length && match; j++) {
                    match = in.getByte(i + j) == name[j];
                }
                if (match) {
                    int from = i + name.length;
                    int to = in.indexOf(from, end, (byte) '"');
                    return to < 0 ? "" : in.toString(from, to - from, StandardCharsets.US_ASCII);
                }
            }
            return "";
        }
    }
}
