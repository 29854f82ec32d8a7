-- Recording files no call claims (written while the CRM was down, or of a call it never saw): listed for
-- administrators until they are matched to a call by the Asterisk Uniqueid in their name, or go away.
create table recording_orphans (
    asterisk_file  text primary key,
    size_bytes     bigint,
    first_seen_at  timestamptz not null,
    last_seen_at   timestamptz not null,
    reason         text        not null
);
