-- People log in with a China mobile number and a password (scrypt).
create table users (
  id uuid primary key,
  phone text not null unique check (phone ~ '^1[3-9][0-9]{9}$'),
  display_name text not null,
  password_hash text not null,
  -- Platform-wide roles; roles held within an enterprise or station live in memberships.
  roles text[] not null default '{consumer}',
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (roles <@ array['consumer', 'regulator', 'bureau_officer', 'admin']::text[])
);

-- Merchant and operator roles are held within an enterprise or a station.
create table memberships (
  user_id uuid not null references users (id),
  role text not null check (role in ('merchant', 'station_operator', 'logistics_operator')),
  scope_type text not null check (scope_type in ('enterprise', 'station')),
  scope_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (user_id, role, scope_type, scope_id)
);
create index memberships_scope on memberships (scope_type, scope_id);

-- Browser sessions: only the SHA-256 of the cookie token is stored.
create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text,
  ip text
);
create index sessions_user on sessions (user_id);

-- Bearer tokens for integrations: shown once, stored hashed.
create table api_tokens (
  id uuid primary key,
  user_id uuid not null references users (id),
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user on api_tokens (user_id);

-- Simulated SMS gateway: every message "sent" lands here; the dev outbox reads it.
create table sms_messages (
  id uuid primary key,
  phone text not null,
  purpose text not null check (purpose in ('register', 'login', 'reset_password')),
  code text not null,
  text text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  failed_attempts integer not null default 0
);
create index sms_messages_phone on sms_messages (phone, purpose, created_at desc);

-- Login attempts, for rate limiting across processes.
create table login_attempts (
  id bigint generated always as identity primary key,
  phone text not null,
  ip text,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index login_attempts_phone on login_attempts (phone, at desc);
