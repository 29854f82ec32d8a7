-- Why an unanswered outbound or click-to-call attempt failed (calls.CallEndCause), for the agent to see.
alter table calls add column end_cause text;
