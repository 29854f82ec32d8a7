-- Recordings kept in the object store, one per call, and the calls whose file waits to be stored.
create table recordings (
    id           uuid primary key,
    call_id      bigint not null unique references calls (id),
    object_key   text   not null unique,
    size_bytes   bigint not null,
    sha256       text   not null,
    content_type text   not null,
    stored_at    timestamptz not null
);

alter table calls add column recording_id uuid references recordings (id);

-- A recorded call whose file is not stored yet: taken by one node at a time (for update skip locked), tried
-- again with a growing delay while the file is still written, missing or the store is down.
create table recording_ingest (
    call_id         bigint primary key references calls (id),
    asterisk_file   text        not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null
);
