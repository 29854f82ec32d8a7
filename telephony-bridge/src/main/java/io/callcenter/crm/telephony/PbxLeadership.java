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
import java.time.Duration;

/**
 * One application node at a time records the PBX's calls: the one holding a PostgreSQL advisory lock on
 * a session of its own. The lead is given up the moment the node loses Asterisk, and a node that dies,
 * freezes or is cut off loses it within the lease ({@code crm.ami.leader-lease}): the session tells
 * PostgreSQL to end it when it stays idle that long (the leader uses it every heartbeat) or when TCP
 * keepalives go unanswered, and the lock goes with the session.
 */
@Component
public class PbxLeadership implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PbxLeadership.class);
    private static final long LOCK_KEY = 0x43524d5042584cL; // "CRMPBXL"

    private final DataSource dataSource;
    private final Duration lease;
    private Connection session;
    private volatile boolean leader;
    private volatile boolean databaseReachable = true;

    PbxLeadership(DataSource dataSource, AmiProperties properties) {
        this.dataSource = dataSource;
        this.lease = properties.leaderLease();
    }

    /** Takes or keeps the lead; true while this node holds it. */
    public synchronized boolean tryLead() {
        try {
            if (session != null && !session.isValid(2)) {
                if (leader) {
                    log.warn("Lost the lead on the PBX's calls: the database session holding it is gone");
                }
                closeSession();
            }
            if (session == null) {
                session = dataSource.getConnection();
                session.setAutoCommit(true);
                bindToLease(session);
            }
            if (!leader) {
                try (Statement st = session.createStatement();
                     ResultSet rs = st.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                    leader = rs.next() && rs.getBoolean(1);
                }
                if (leader) {
                    log.info("This node now records the PBX's calls");
                }
            }
            databaseReachable = true;
        } catch (SQLException e) {
            databaseReachable = false;
            if (leader) {
                log.warn("Lost the lead on the PBX's calls with the database session: {}", e.toString());
            }
            closeSession();
        }
        return leader;
    }

    /** Gives the lead up at once, e.g. because this node lost Asterisk: another node takes it. */
    public synchronized void release() {
        if (leader) {
            log.info("This node no longer records the PBX's calls; another node may take over");
        }
        closeSession();
    }

    public boolean isLeader() {
        return leader;
    }

    /**
     * Whether the last attempt reached PostgreSQL. When it did not, no node can take the lead either, so a
     * node that was recording goes on handing its updates to its lanes, which keep them until the database
     * is back.
     */
    public boolean databaseReachable() {
        return databaseReachable;
    }

    /**
     * PostgreSQL ends this session, and with it the lock, when the node stops using it for the lease or
     * stops answering TCP keepalives for about as long (a frozen or cut-off leader).
     */
    private void bindToLease(Connection c) {
        long seconds = Math.max(2, lease.toSeconds());
        long probe = Math.max(1, seconds / 3);
        String[] settings = {
                "set idle_session_timeout = '" + seconds + "s'",
                "set tcp_keepalives_idle = " + probe,
                "set tcp_keepalives_interval = " + probe,
                "set tcp_keepalives_count = 2",
                "set statement_timeout = '5s'"};
        for (String setting : settings) {
            try (Statement st = c.createStatement()) {
                st.execute(setting);
            } catch (SQLException e) {
                // an older PostgreSQL lacks idle_session_timeout (14+): the keepalives still bound the lease
                log.debug("Leader session setting refused: {} ({})", setting, e.getMessage());
            }
        }
    }

    private void closeSession() {
        leader = false;
        if (session != null) {
            // the connection goes back to the pool: it must keep neither the lock nor the lease's settings
            try (Statement st = session.createStatement()) {
                st.execute("select pg_advisory_unlock_all()");
                st.execute("reset all");
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
