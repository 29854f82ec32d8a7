-- Every attempt to hear or download a recording: who, which, when, from where, and whether it was allowed.
create table recording_access_log (
    id             bigserial primary key,
    at             timestamptz not null,
    username       text        not null,
    recording_id   uuid        not null,
    call_id        bigint,
    action         text        not null,
    allowed        boolean     not null,
    remote_address text
);

create index recording_access_log_at on recording_access_log (at desc);
