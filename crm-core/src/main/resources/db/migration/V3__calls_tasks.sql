-- Calls as the PBX told us about them, one row per PBX call id (Linkedid, or our click-to-call
-- ChannelId); recording the same fact twice updates the same row.
create table calls (
    id                bigint generated always as identity primary key,
    pbx_key           text        not null unique,
    direction         text        not null check (direction in ('INBOUND', 'OUTBOUND', 'INTERNAL')),
    status            text        not null check (status in ('RINGING', 'IN_PROGRESS', 'ANSWERED', 'MISSED', 'ABANDONED', 'BUSY', 'FAILED')),
    remote_number     text,
    remote_name       text,
    local_number      text,
    agent_username    text,
    agent_extension   text,
    last_rang_username text,
    queue             text,
    started_at        timestamptz not null,
    answered_at       timestamptz,
    ended_at          timestamptz,
    contact_id        bigint references contacts (id),
    recording_file    text,
    disposition       text,
    note              text,
    updated_at        timestamptz not null
);

create index calls_by_start on calls (started_at desc, id desc);
create index calls_by_agent on calls (agent_username, started_at desc);
create index calls_by_contact on calls (contact_id, started_at desc);
create index calls_open on calls (status) where ended_at is null;

-- DIDs (the numbers callers dial) mapped to the campaign or lead source they advertise
create table did_campaigns (
    did        text primary key,
    campaign   text not null,
    created_at timestamptz not null default now()
);

create table tasks (
    id          bigint generated always as identity primary key,
    type        text        not null check (type in ('CALLBACK', 'REMINDER')),
    status      text        not null check (status in ('OPEN', 'DONE')),
    contact_id  bigint references contacts (id),
    call_id     bigint references calls (id),
    assignee    text,
    queue       text,
    due_at      timestamptz not null,
    note        text,
    created_at  timestamptz not null,
    closed_at   timestamptz,
    closed_by_call_id bigint references calls (id)
);

-- one call-back per unanswered call, however often its end is recorded
create unique index tasks_one_callback_per_call on tasks (call_id) where type = 'CALLBACK';
create index tasks_open_by_assignee on tasks (assignee, due_at) where status = 'OPEN';
create index tasks_by_contact on tasks (contact_id, status);
