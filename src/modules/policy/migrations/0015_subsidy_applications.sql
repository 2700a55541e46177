-- Subsidy applications, their review, the benefits they consumed and the evidence behind
-- their facts (四(二), 四(四), 四(五), 四(七)). The money itself lives in the ledger:
-- subsidy_budget:<year> → subsidy_payable:<enterprise>, two-phase when a second officer must
-- confirm.

-- Files an applicant or officer uploaded to prove a fact (rent receipts, loan contracts …).
create table subsidy_evidence (
  id uuid primary key,
  enterprise_id uuid not null,
  storage_key text not null,
  file_name text not null,
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  uploaded_by uuid not null,
  uploaded_at timestamptz not null default now()
);
create index subsidy_evidence_enterprise on subsidy_evidence (enterprise_id, id);

create table subsidy_applications (
  id uuid primary key,
  application_no text not null unique,
  programme text not null,
  -- The year whose facts are assessed (e.g. 2025's orders); the budget charged is the year of payment.
  year integer not null check (year between 2000 and 2100),
  enterprise_id uuid not null,
  origin text not null check (origin in ('applicant', 'bureau_run')),
  status text not null check (status in ('submitted', 'awaiting_confirmation', 'paid', 'rejected')),
  -- Facts as entered (applicant or bureau), the platform's facts at the last calculation, and
  -- which uploaded file proves which fact.
  entered_facts jsonb not null,
  platform_facts jsonb not null,
  evidence jsonb not null default '[]',
  amount_fen bigint not null check (amount_fen >= 0),
  eligible boolean not null,
  trace jsonb not null,
  benefit_keys text[] not null,
  quota_key text,
  budget_year integer,
  reservation_id uuid,
  payment_id uuid,
  submitted_by uuid not null,
  submitted_at timestamptz not null,
  approved_by uuid,
  approved_at timestamptz,
  confirmed_by uuid,
  confirmed_at timestamptz,
  rejected_by uuid,
  rejected_at timestamptz,
  rejection_reason text,
  paid_at timestamptz,
  updated_at timestamptz not null,
  check (status <> 'rejected' or rejection_reason is not null),
  check (status <> 'paid' or (payment_id is not null and paid_at is not null)),
  check (confirmed_by is null or confirmed_by <> approved_by)
);
create index subsidy_applications_status on subsidy_applications (status, id);
create index subsidy_applications_enterprise on subsidy_applications (enterprise_id, id desc);
create index subsidy_applications_paid on subsidy_applications (budget_year, paid_at) where status = 'paid';
-- One open application per enterprise, programme and year.
create unique index subsidy_applications_open on subsidy_applications (enterprise_id, programme, year)
  where status in ('submitted', 'awaiting_confirmation');

-- A benefit once granted (or reserved by a first approval) cannot be granted again: the
-- primary key is the no-double-benefit rule (四(七)), enforced by the database.
create table subsidy_benefits (
  enterprise_id uuid not null,
  benefit_key text not null,
  application_id uuid not null references subsidy_applications (id),
  amount_fen bigint not null,
  granted_at timestamptz not null,
  primary key (enterprise_id, benefit_key)
);
create index subsidy_benefits_application on subsidy_benefits (application_id);

-- Awards limited in number per year (10 outstanding new firms, 5 district demonstration
-- enterprises): a counter row per quota key, incremented only while below the maximum.
create table subsidy_quota_usage (
  quota_key text primary key,
  used integer not null check (used >= 0)
);
