-- Recording paused and resumed during a call (while a caller reads a card number): who, when, which way.
create table recording_pauses (
    id       bigserial primary key,
    call_id  bigint      not null references calls (id),
    username text        not null,
    paused   boolean     not null,
    at       timestamptz not null
);

create index recording_pauses_call on recording_pauses (call_id, at);
alter table calls add column recording_paused boolean not null default false;
