-- Retention: a recording's object is deleted when its call is older than its queue's retention, unless the
-- call is under legal hold; the row stays, marked, so the call says what happened to its recording.
alter table calls add column legal_hold boolean not null default false;
alter table recordings add column deleted_at timestamptz;
