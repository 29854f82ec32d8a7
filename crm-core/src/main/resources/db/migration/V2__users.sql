create table users (
    id             bigint generated always as identity primary key,
    username       text        not null unique check (username ~ '^[a-z0-9._-]{2,64}$'),
    display_name   text        not null,
    password_hash  text        not null,
    extension      text        unique check (extension ~ '^[0-9]{2,10}$'),
    enabled        boolean     not null default true,
    created_at     timestamptz not null default now()
);

create table user_roles (
    user_id  bigint not null references users (id) on delete cascade,
    role     text   not null check (role in ('AGENT', 'SUPERVISOR', 'MANAGER', 'ADMIN')),
    primary key (user_id, role)
);
