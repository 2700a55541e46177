-- Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header): a retried request with the
-- same key returns the first response instead of acting twice. The key row is inserted in the
-- same transaction as the effect, so "done" and "remembered" commit together.
create table idempotency_keys (
  owner text not null,
  scope text not null,
  key text not null,
  request_hash text not null,
  response_status integer not null,
  response_body jsonb not null,
  created_at timestamptz not null default now(),
  primary key (owner, scope, key)
);
create index idempotency_keys_age on idempotency_keys (created_at);
