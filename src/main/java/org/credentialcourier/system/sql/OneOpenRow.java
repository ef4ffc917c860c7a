package org.credentialcourier.system.sql;

import java.sql.SQLException;

import org.credentialcourier.system.web.BusyException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "At most one open row per contact" (an invitation, an admin password change, a reset request), held by the
 * database. Two parts:
 * <ul>
 *   <li>{@link #lockContact}: a request that may open a row locks the contact's row first, so that concurrent
 *   requests for one contact run one after the other and each checks what the one before it committed; the loser of
 *   a race then gets exactly the answer of a later request. (Concurrent inserts of one unique key alone are not
 *   enough: H2 lets both inserters wait for each other until the lock timeout.)</li>
 *   <li>{@link #tryOpen}: the write itself, under the UNIQUE constraint on {@code open_contact_id} (migration V8), in
 *   a savepoint: should any door write without the lock, the database still refuses the second open row, only the
 *   savepoint is rolled back and the caller's transaction stays usable (a failed statement alone would abort the
 *   whole transaction on PostgreSQL).</li>
 * </ul>
 */
@Component
public class OneOpenRow {

    static final String BUSY = "Another request for this contact is being served right now: nothing was changed. Try"
            + " again";

    private final TransactionTemplate savepoint;
    private final JdbcClient jdbc;

    public OneOpenRow(PlatformTransactionManager transactions, JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Locks the contact's row until the end of the transaction (waits while another request holds it). A wait past
     * the database's lock timeout is {@link BusyException}: nothing was written, trying again helps.
     */
    public void lockContact(String contactId) {
        try {
            jdbc.sql("SELECT id FROM contact WHERE id = :id FOR UPDATE").param("id", contactId).query(String.class)
                    .optional();
        } catch (DataAccessException failed) {
            if (lockWaitedOut(failed)) {
                throw new BusyException(BUSY, failed);
            }
            throw failed;
        }
    }

    /**
     * A lock wait that ran out: H2 reports it as a query time-out (50200); PostgreSQL as lock_not_available (SQL state
     * 55P03), which Spring leaves uncategorised.
     */
    static boolean lockWaitedOut(DataAccessException failed) {
        if (failed instanceof PessimisticLockingFailureException || failed instanceof QueryTimeoutException) {
            return true;
        }
        return failed.getMostSpecificCause() instanceof SQLException sql && "55P03".equals(sql.getSQLState());
    }

    /** Runs the write; false when another open row of the contact is in the way (nothing was written). */
    public boolean tryOpen(Runnable write) {
        try {
            savepoint.executeWithoutResult(status -> write.run());
            return true;
        } catch (DuplicateKeyException | ConcurrencyFailureException taken) {
            // H2 reports an uncommitted duplicate of another transaction as a concurrent update (90131)
            return false;
        }
    }
}
