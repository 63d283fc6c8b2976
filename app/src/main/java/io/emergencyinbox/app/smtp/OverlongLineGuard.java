package io.emergencyinbox.app.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.james.protocols.netty.AllButStartTlsLineBasedChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ByteProcessor;

/**
 * James's SMTP line framer, ending the session on a line over {@link #MAX_LINE_LENGTH} bytes.
 *
 * <p>James drops such a line, answers {@code 500 Line length exceeded} and keeps reading: inside DATA
 * the rest of the message is then accepted with {@code 250}, without the dropped line. The sender
 * has been told the mail failed while a truncated copy is delivered. Here the transaction is
 * aborted instead: a permanent {@code 500 5.5.2}, and from then on everything the client sends is
 * read and discarded (never handed to James, so the final dot never completes the message) until
 * the connection is closed {@link #CLOSE_DELAY} later. The sending MTA bounces the mail with the
 * reason; nothing of it is kept. Reading on instead of closing at once avoids resetting the
 * connection under data the client is still sending, which could swallow the reply.
 */
class OverlongLineGuard extends AllButStartTlsLineBasedChannelHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(OverlongLineGuard.class);
    /** The same limit as James (RFC 5321 only requires 1,000; longer lines are tolerated up to this). */
    static final int MAX_LINE_LENGTH = 8192;
    static final String REPLY = "500 5.5.2 Line longer than " + MAX_LINE_LENGTH + " bytes (RFC 5321 section 4.5.3.1.6): "
        + "transaction aborted, nothing was kept\r\n";

    static final Duration CLOSE_DELAY = Duration.ofSeconds(5);

    private boolean aborted;

    OverlongLineGuard(ChannelPipeline pipeline) {
        super(pipeline, MAX_LINE_LENGTH, false, "starttls");
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf buffer) throws Exception {
        if (!aborted && startsWithOverlongLine(buffer)) {
            aborted = true;
            LOGGER.info("Aborting the SMTP session of {}: a line was longer than {} bytes", ctx.channel().remoteAddress(), MAX_LINE_LENGTH);
            ctx.writeAndFlush(Unpooled.copiedBuffer(REPLY, StandardCharsets.US_ASCII));
            ctx.executor().schedule(() -> ctx.close(), CLOSE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (aborted) {
            buffer.skipBytes(buffer.readableBytes());
            return null;
        }
        return super.decode(ctx, buffer);
    }

    /**
     * Checked before James's framer sees the bytes: its own overflow handling reports to the next
     * handler (James's, which answers and reads on), so it must never be reached.
     */
    static boolean startsWithOverlongLine(ByteBuf buffer) {
        int window = Math.min(buffer.readableBytes(), MAX_LINE_LENGTH + 2);
        boolean lineEndsInWindow = buffer.forEachByte(buffer.readerIndex(), window, ByteProcessor.FIND_LF) >= 0;
        return !lineEndsInWindow && buffer.readableBytes() > MAX_LINE_LENGTH + 1;
    }
}
