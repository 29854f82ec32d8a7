-- Contacts and their phone numbers. Numbers are stored in E.164 only; every lookup normalises first,
-- so one unique index answers "who owns this number" in any written form.
create extension if not exists pg_trgm;

create table contacts (
    id          bigint generated always as identity primary key,
    name        text        not null,
    company     text,
    email       text,
    source      text,
    notes       text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create index contacts_by_name on contacts (lower(name), id);
create index contacts_name_trgm on contacts using gin (lower(name) gin_trgm_ops);
create index contacts_company_trgm on contacts using gin (lower(company) gin_trgm_ops);
create index contacts_email_trgm on contacts using gin (lower(email) gin_trgm_ops);

create table contact_phones (
    contact_id  bigint  not null references contacts (id) on delete cascade,
    e164        text    not null check (e164 ~ '^\+[1-9][0-9]{1,14}$'),
    position    int     not null,
    primary key (contact_id, position)
);

-- never two contacts for one number
create unique index contact_phones_by_number on contact_phones (e164);
