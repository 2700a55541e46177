-- Service points of the rural and community network (二(四)): the district service centre,
-- village e-commerce service stations and community O2O experience stores.
create table service_points (
  id uuid primary key,
  kind text not null check (kind in ('service_centre', 'village_station', 'o2o_store')),
  name text not null,
  town_code text not null,
  village text,
  address text not null,
  phone text,
  opened_on date,
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now()
);
create index service_points_town on service_points (town_code, kind);
