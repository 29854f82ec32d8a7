package io.callcenter.crm.telephony;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One application node at a time turns PBX events into calls: the one holding a PostgreSQL advisory
 * lock. The lock lives with its database session, so a node that dies or loses the database frees it
 * for another node without any timeout to tune.
 */
@Component
public class PbxLeadership implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PbxLeadership.class);
    private static final long LOCK_KEY = 0x43524d5042584cL; // "CRMPBXL"

    private final DataSource dataSource;
    private Connection session;
    private volatile boolean leader;

    PbxLeadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes or keeps the lead; true while this node holds it. */
    public synchronized boolean tryLead() {
        try {
            if (session != null && !session.isValid(2)) {
                closeSession();
            }
            if (session == null) {
                session = dataSource.getConnection();
                session.setAutoCommit(true);
            }
            if (!leader) {
                try (Statement st = session.createStatement();
                     ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                    leader = rs.next() && rs.getBoolean(1);
                }
                if (leader) {
                    log.info("This node now tracks the PBX's calls");
                }
            }
        } catch (SQLException e) {
            if (leader) {
                log.warn("Lost the lead on PBX events with the database session: {}", e.toString());
            }
            leader = false;
            closeSession();
        }
        return leader;
    }

    public boolean isLeader() {
        return leader;
    }

    private void closeSession() {
        leader = false;
        if (session != null) {
            // the connection may go back to a pool: it must not keep the lock there
            try (Statement st = session.createStatement()) {
                st.execute("select pg_advisory_unlock_all()");
            } catch (SQLException ignored) {
                // a dead session holds no lock
            }
            try {
                session.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
            session = null;
        }
    }

    @Override
    public synchronized void destroy() {
        closeSession();
    }
}
