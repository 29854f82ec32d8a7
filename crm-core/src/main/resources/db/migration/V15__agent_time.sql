-- An agent's working time, for the per-agent KPIs (pause time, occupancy).
-- Signed in: one row per console session of a user with a phone extension, from sign-in to sign-out or
-- to the session's expiry. last_seen_at is refreshed every minute by the node holding the session, so a
-- node that dies leaves a row that ends where it was last seen, not one that never ends.
create table agent_sessions (
    id           text primary key,
    username     text not null,
    started_at   timestamptz not null,
    last_seen_at timestamptz not null,
    ended_at     timestamptz,
    check (ended_at is null or ended_at >= started_at)
);
create index agent_sessions_by_user on agent_sessions (username, started_at);

-- Paused in the queues with a reason, from the console or from the PBX (QueueMemberPause): at most one open
-- pause per agent.
create table agent_pauses (
    id         bigserial primary key,
    username   text not null,
    reason     text not null,
    started_at timestamptz not null,
    ended_at   timestamptz,
    check (ended_at is null or ended_at >= started_at)
);
create unique index agent_pauses_one_open on agent_pauses (username) where ended_at is null;
create index agent_pauses_by_user on agent_pauses (username, started_at);
