-- GB/T 2260 / NBS division codes of Rongchang District (500153): 6 sub-districts and 15 towns.
-- Reference data that every module validates against through the reference service.
create table towns (
  code text primary key check (code ~ '^500153[0-9]{3}$'),
  name text not null unique,
  kind text not null check (kind in ('sub-district', 'town'))
);

insert into towns (code, name, kind) values
  ('500153001', '昌元街道', 'sub-district'),
  ('500153002', '昌州街道', 'sub-district'),
  ('500153003', '广顺街道', 'sub-district'),
  ('500153004', '双河街道', 'sub-district'),
  ('500153005', '安富街道', 'sub-district'),
  ('500153006', '峰高街道', 'sub-district'),
  ('500153100', '荣隆镇', 'town'),
  ('500153101', '仁义镇', 'town'),
  ('500153102', '盘龙镇', 'town'),
  ('500153103', '吴家镇', 'town'),
  ('500153104', '直升镇', 'town'),
  ('500153105', '万灵镇', 'town'),
  ('500153106', '清升镇', 'town'),
  ('500153107', '清江镇', 'town'),
  ('500153108', '古昌镇', 'town'),
  ('500153109', '河包镇', 'town'),
  ('500153110', '观胜镇', 'town'),
  ('500153111', '铜鼓镇', 'town'),
  ('500153112', '清流镇', 'town'),
  ('500153113', '远觉镇', 'town'),
  ('500153114', '龙集镇', 'town');
