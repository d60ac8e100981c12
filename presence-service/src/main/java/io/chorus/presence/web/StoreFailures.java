package io.chorus.presence.web;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/** Which failures mean the presence store (Redis) is away or too slow: answered 503, retried by callers. */
public final class StoreFailures {

    private StoreFailures() {}

    /** Whether {@code error}, or one of its causes, says Redis cannot be reached or did not answer in time. */
    public static boolean unavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException // connection refused or lost
                    || cause instanceof TransientDataAccessException // command timeout, among others
                    || cause instanceof RedisConnectionException
                    || cause instanceof RedisCommandTimeoutException
                    || cause instanceof RedisCommandInterruptedException
                    || cause instanceof RedisLoadingException // restarting, loading its data
                    || cause instanceof RedisBusyException
                    || cause.getClass() == RedisException.class // "Connection closed", "Currently not connected"
                    || cause instanceof TimeoutException
                    || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
