-- Facts other parts act on (a call ended, a call-back owed), written in the same transaction as the
-- change they describe and delivered from here at least once (io.callcenter.crm.outbox).
create table outbox (
    id              bigserial primary key,
    fact            text        not null,
    payload         text        not null,
    created_at      timestamptz not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text
);

create index outbox_due on outbox (next_attempt_at, id);
