-- A call that ended while the CRM was not connected to Asterisk: its end is when the CRM saw it gone
-- (the reconnect), not when it really ended. Reports and the console say so instead of trusting it.
alter table calls add column end_approximate boolean not null default false;
