-- Values of subsidy-programme parameters set by the bureau (四(二): the numbers the source
-- leaves open), each effective from a date. The code holds the source's figures and documented
-- defaults; these rows are merged over them. Append-only: a correction is a new row, and for one
-- (programme, parameter, effective_from) the latest row (highest id) wins; history is kept.
create table policy_parameter_values (
  id bigint generated always as identity primary key,
  programme text not null check (programme ~ '^[a-z][a-z0-9-]{0,63}$'),
  parameter text not null check (parameter ~ '^[A-Za-z][A-Za-z0-9]{0,63}$'),
  effective_from date not null,
  value jsonb not null,
  reference text not null check (length(reference) between 1 and 500),
  set_by uuid not null,
  set_at timestamptz not null default now()
);
create index policy_parameter_values_lookup on policy_parameter_values (programme, parameter, effective_from, id);

create function policy_parameter_values_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'policy_parameter_values is append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger policy_parameter_values_no_update_delete before update or delete on policy_parameter_values
  for each row execute function policy_parameter_values_refuse_change();
create trigger policy_parameter_values_no_truncate before truncate on policy_parameter_values
  for each statement execute function policy_parameter_values_refuse_change();
