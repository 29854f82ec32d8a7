-- KPI rollups: per 15-minute slice of start time (UTC; every time zone's days and hours are whole slices) and
-- per agent, queue and DID, the sums the KPI figures are made of. Kept up to date as calls end or change by
-- recomputing the slices they touch from the calls themselves, so a recount always gives the same rows.
create table kpi_rollup (
    bucket                  timestamptz not null,
    dim                     text        not null check (dim in ('agent', 'queue', 'did')),
    key                     text        not null,
    offered                 int         not null,
    answered                int         not null,
    abandoned               int         not null,
    short_abandoned         int         not null,
    missed                  int         not null,
    answered_in_sl          int         not null,
    wait_answered_seconds   double precision not null,
    longest_wait_seconds    double precision not null,
    handled_exact           int         not null,
    talk_seconds            double precision not null,
    wrap_up_seconds         double precision not null,
    resolved_first_time     int         not null,
    outbound                int         not null,
    outbound_talk_seconds   double precision not null,
    callbacks_created       int         not null,
    callbacks_done          int         not null,
    callback_delay_seconds  double precision not null,
    primary key (dim, bucket, key)
);

-- a caller's calls, for first-call resolution (did the same number call again within the window?)
create index calls_by_remote_number on calls (remote_number, started_at);
