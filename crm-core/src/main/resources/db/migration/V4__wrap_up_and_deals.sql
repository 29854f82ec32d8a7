-- Wrap-up: what the agent records after a call, from a list admins keep
create table dispositions (
    name      text primary key,
    position  int  not null,
    active    boolean not null default true
);

insert into dispositions (name, position) values
    ('Sale', 1), ('Interested – call back', 2), ('Information given', 3), ('Support request', 4),
    ('Complaint', 5), ('Not interested', 6), ('Wrong number', 7);

alter table calls add column wrap_up_seconds int;
alter table calls add column wrapped_up_at timestamptz;

-- Deals move through the pipeline stages; every move is kept for the contact's timeline
create table deals (
    id          bigint generated always as identity primary key,
    contact_id  bigint      not null references contacts (id),
    title       text        not null,
    amount      numeric(14, 2),
    stage       text        not null check (stage in ('LEAD', 'QUALIFIED', 'PROPOSAL', 'WON', 'LOST')),
    owner       text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index deals_by_contact on deals (contact_id);
create index deals_by_stage on deals (stage);

create table deal_stage_changes (
    id          bigint generated always as identity primary key,
    deal_id     bigint      not null references deals (id) on delete cascade,
    from_stage  text,
    to_stage    text        not null,
    changed_by  text,
    changed_at  timestamptz not null
);
create index deal_stage_changes_by_deal on deal_stage_changes (deal_id, changed_at);

-- Notes on a contact's timeline (besides the notes field of the card and call notes)
create table contact_notes (
    id          bigint generated always as identity primary key,
    contact_id  bigint      not null references contacts (id) on delete cascade,
    author      text,
    body        text        not null,
    created_at  timestamptz not null
);
create index contact_notes_by_contact on contact_notes (contact_id, created_at);
