package io.emergencyinbox.cassandra;

import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;

/** What a failed lightweight transaction tells. */
public final class LightweightTransactions {
    private LightweightTransactions() {
    }

    /**
     * True when Cassandra could not tell whether the transaction applied (a Paxos round timed out, often
     * under contention): the writer must read back, at {@code SERIAL}, a value only its own write puts there.
     */
    public static boolean outcomeUnknown(Throwable error) {
        return error instanceof CASWriteUnknownException
            || (error instanceof WriteTimeoutException && ((WriteTimeoutException) error).getWriteType() == WriteType.CAS);
    }
}
