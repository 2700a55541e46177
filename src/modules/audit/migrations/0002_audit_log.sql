-- Append-only audit log: who did what to which record, when, with the state before and after.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_name text,
  subject_type text not null,
  subject_id text not null,
  action text not null,
  before jsonb,
  after jsonb,
  reason text,
  request_id text
);
create index audit_log_subject on audit_log (subject_type, subject_id, id);

-- History is never rewritten: refuse UPDATE, DELETE and TRUNCATE at the database level.
create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
