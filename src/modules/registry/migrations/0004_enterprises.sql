-- Market entities (市场主体): companies, sole traders and farmer cooperatives.
create table enterprises (
  id uuid primary key,
  uscc text not null unique check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  org_code text not null,
  name text not null check (length(name) between 2 and 100),
  kind text not null check (kind in ('company', 'sole_trader', 'cooperative')),
  legal_representative text not null,
  legal_representative_id_number text,
  town_code text not null,
  registered_in_rongchang boolean not null,
  size_class text not null check (size_class in ('sme', 'above_size')),
  industry text not null,
  park_name text,
  park_since date,
  contact_phone text,
  address text,
  status text not null default 'pending' check (status in ('pending', 'verified', 'rejected')),
  rejection_reason text,
  verified_at timestamptz,
  verified_by uuid,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((park_name is null) = (park_since is null)),
  check (kind <> 'sole_trader' or legal_representative_id_number is not null),
  check (status <> 'rejected' or rejection_reason is not null)
);
create index enterprises_status on enterprises (status, id);
create index enterprises_town on enterprises (town_code);
