-- Regions and cities from a managed list (issue 16): they drive the review queue's region filter, the live page's city
-- filter and the users' scopes, so a site names a region and a city of this list, never free text. Seeded with
-- Uzbekistan's 14 regions (ISO 3166-2:UZ, plate region codes from docs: shared/design/domain-uz.md §1.2) and their main
-- cities; an administrator adds more (a town, another country's regions) through the API or the admin page.
-- Sites store the English name, as before; the Uzbek (Latin) and Russian names are for pages in those languages.

create table region (
    name        text        primary key check (char_length(name) between 1 and 80),
    name_uz     text        not null check (char_length(name_uz) between 1 and 80),
    name_ru     text        not null check (char_length(name_ru) between 1 and 80),
    iso_code    text        unique check (iso_code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
    plate_code  text        check (plate_code ~ '^[0-9]{2}$'),
    ordinal     integer     not null default 1000,
    created_at  timestamptz not null default now()
);

create table city (
    region      text        not null references region (name) on update cascade,
    name        text        not null check (char_length(name) between 1 and 80),
    name_uz     text        not null check (char_length(name_uz) between 1 and 80),
    name_ru     text        not null check (char_length(name_ru) between 1 and 80),
    ordinal     integer     not null default 1000,
    created_at  timestamptz not null default now(),
    primary key (region, name)
);

insert into region (name, name_uz, name_ru, iso_code, plate_code, ordinal) values
    ('Tashkent city',              'Toshkent shahri',            'город Ташкент',             'UZ-TK', '01', 1),
    ('Tashkent region',            'Toshkent viloyati',          'Ташкентская область',       'UZ-TO', '10', 2),
    ('Sirdaryo region',            'Sirdaryo viloyati',          'Сырдарьинская область',     'UZ-SI', '20', 3),
    ('Jizzakh region',             'Jizzax viloyati',            'Джизакская область',        'UZ-JI', '25', 4),
    ('Samarkand region',           'Samarqand viloyati',         'Самаркандская область',     'UZ-SA', '30', 5),
    ('Fergana region',             'Farg‘ona viloyati',          'Ферганская область',        'UZ-FA', '40', 6),
    ('Namangan region',            'Namangan viloyati',          'Наманганская область',      'UZ-NG', '50', 7),
    ('Andijan region',             'Andijon viloyati',           'Андижанская область',       'UZ-AN', '60', 8),
    ('Kashkadarya region',         'Qashqadaryo viloyati',       'Кашкадарьинская область',   'UZ-QA', '70', 9),
    ('Surkhandarya region',        'Surxondaryo viloyati',       'Сурхандарьинская область',  'UZ-SU', '75', 10),
    ('Bukhara region',             'Buxoro viloyati',            'Бухарская область',         'UZ-BU', '80', 11),
    ('Navoiy region',              'Navoiy viloyati',            'Навоийская область',        'UZ-NW', '85', 12),
    ('Khorezm region',             'Xorazm viloyati',            'Хорезмская область',        'UZ-XO', '90', 13),
    ('Republic of Karakalpakstan', 'Qoraqalpog‘iston Respublikasi', 'Республика Каракалпакстан', 'UZ-QR', '95', 14);

insert into city (region, name, name_uz, name_ru, ordinal) values
    ('Tashkent city', 'Tashkent', 'Toshkent', 'Ташкент', 1),
    ('Tashkent region', 'Nurafshon', 'Nurafshon', 'Нурафшан', 1),
    ('Tashkent region', 'Chirchiq', 'Chirchiq', 'Чирчик', 2),
    ('Tashkent region', 'Angren', 'Angren', 'Ангрен', 3),
    ('Tashkent region', 'Almalyk', 'Olmaliq', 'Алмалык', 4),
    ('Tashkent region', 'Bekabad', 'Bekobod', 'Бекабад', 5),
    ('Tashkent region', 'Yangiyul', 'Yangiyo‘l', 'Янгиюль', 6),
    ('Tashkent region', 'Akhangaran', 'Ohangaron', 'Ахангаран', 7),
    ('Sirdaryo region', 'Gulistan', 'Guliston', 'Гулистан', 1),
    ('Sirdaryo region', 'Yangiyer', 'Yangiyer', 'Янгиер', 2),
    ('Sirdaryo region', 'Shirin', 'Shirin', 'Ширин', 3),
    ('Sirdaryo region', 'Sirdaryo', 'Sirdaryo', 'Сырдарья', 4),
    ('Jizzakh region', 'Jizzakh', 'Jizzax', 'Джизак', 1),
    ('Jizzakh region', 'Gallaorol', 'G‘allaorol', 'Галляарал', 2),
    ('Jizzakh region', 'Zomin', 'Zomin', 'Зомин', 3),
    ('Jizzakh region', 'Dashtobod', 'Dashtobod', 'Даштабад', 4),
    ('Samarkand region', 'Samarkand', 'Samarqand', 'Самарканд', 1),
    ('Samarkand region', 'Kattakurgan', 'Kattaqo‘rg‘on', 'Каттакурган', 2),
    ('Samarkand region', 'Urgut', 'Urgut', 'Ургут', 3),
    ('Samarkand region', 'Bulungur', 'Bulung‘ur', 'Булунгур', 4),
    ('Fergana region', 'Fergana', 'Farg‘ona', 'Фергана', 1),
    ('Fergana region', 'Kokand', 'Qo‘qon', 'Коканд', 2),
    ('Fergana region', 'Margilan', 'Marg‘ilon', 'Маргилан', 3),
    ('Fergana region', 'Kuvasay', 'Quvasoy', 'Кувасай', 4),
    ('Fergana region', 'Rishtan', 'Rishton', 'Риштан', 5),
    ('Namangan region', 'Namangan', 'Namangan', 'Наманган', 1),
    ('Namangan region', 'Chust', 'Chust', 'Чуст', 2),
    ('Namangan region', 'Pop', 'Pop', 'Пап', 3),
    ('Namangan region', 'Kasansay', 'Kosonsoy', 'Касансай', 4),
    ('Andijan region', 'Andijan', 'Andijon', 'Андижан', 1),
    ('Andijan region', 'Asaka', 'Asaka', 'Асака', 2),
    ('Andijan region', 'Khanabad', 'Xonobod', 'Ханабад', 3),
    ('Andijan region', 'Shahrikhan', 'Shahrixon', 'Шахрихан', 4),
    ('Kashkadarya region', 'Karshi', 'Qarshi', 'Карши', 1),
    ('Kashkadarya region', 'Shahrisabz', 'Shahrisabz', 'Шахрисабз', 2),
    ('Kashkadarya region', 'Kitab', 'Kitob', 'Китаб', 3),
    ('Kashkadarya region', 'Guzar', 'G‘uzor', 'Гузар', 4),
    ('Surkhandarya region', 'Termez', 'Termiz', 'Термез', 1),
    ('Surkhandarya region', 'Denau', 'Denov', 'Денау', 2),
    ('Surkhandarya region', 'Sherabad', 'Sherobod', 'Шерабад', 3),
    ('Surkhandarya region', 'Sariasiya', 'Sariosiyo', 'Сариасия', 4),
    ('Bukhara region', 'Bukhara', 'Buxoro', 'Бухара', 1),
    ('Bukhara region', 'Kagan', 'Kogon', 'Каган', 2),
    ('Bukhara region', 'Gijduvan', 'G‘ijduvon', 'Гиждуван', 3),
    ('Navoiy region', 'Navoiy', 'Navoiy', 'Навои', 1),
    ('Navoiy region', 'Zarafshan', 'Zarafshon', 'Зарафшан', 2),
    ('Navoiy region', 'Uchkuduk', 'Uchquduq', 'Учкудук', 3),
    ('Khorezm region', 'Urgench', 'Urganch', 'Ургенч', 1),
    ('Khorezm region', 'Khiva', 'Xiva', 'Хива', 2),
    ('Khorezm region', 'Pitnak', 'Pitnak', 'Питнак', 3),
    ('Republic of Karakalpakstan', 'Nukus', 'Nukus', 'Нукус', 1),
    ('Republic of Karakalpakstan', 'Khodjeyli', 'Xo‘jayli', 'Ходжейли', 2),
    ('Republic of Karakalpakstan', 'Beruniy', 'Beruniy', 'Беруни', 3),
    ('Republic of Karakalpakstan', 'Muynak', 'Mo‘ynoq', 'Муйнак', 4);

-- Existing sites: a region or city written in any of the list's spellings (English, Uzbek, Russian, without "region"
-- or "viloyati", any case) takes the list's name; users' scopes name regions the same way.
create temporary table region_spelling on commit drop as
    select r.name, lower(s.spelling) as spelling
    from region r, lateral (values (r.name), (r.name_uz), (r.name_ru), (r.iso_code),
                                   (regexp_replace(r.name, ' region$', '')), (regexp_replace(r.name_uz, ' viloyati$', '')),
                                   (regexp_replace(r.name_uz, ' shahri$', ''))) s(spelling);
-- "Toshkent" alone could be the city or the region: a spelling of two regions is nobody's, except as said below.
delete from region_spelling where spelling in
    (select spelling from region_spelling group by spelling having count(distinct name) > 1);
create temporary table region_spelling_known on commit drop as
    select * from (values
        ('Tashkent city', 'tashkent'), ('Tashkent city', 'toshkent'), ('Tashkent city', 'ташкент'),
        ('Sirdaryo region', 'syrdarya'), ('Navoiy region', 'navoi'), ('Navoiy region', 'navoi region'),
        ('Republic of Karakalpakstan', 'karakalpakstan'), ('Jizzakh region', 'jizzax region'),
        ('Kashkadarya region', 'qashqadaryo region'), ('Surkhandarya region', 'surxondaryo region')) known(name, spelling);
delete from region_spelling where spelling in (select spelling from region_spelling_known);
insert into region_spelling (name, spelling) select name, spelling from region_spelling_known;
update site s set region = rs.name from region_spelling rs where lower(s.region) = rs.spelling and s.region <> rs.name;
update app_user u set scope_regions = array(
        select distinct coalesce(rs.name, given.region) from unnest(u.scope_regions) given(region)
        left join region_spelling rs on rs.spelling = lower(given.region) order by 1)
    where cardinality(u.scope_regions) > 0;

update site s set city = c.name from city c
    where c.region = s.region and s.city <> c.name
      and lower(s.city) in (lower(c.name), lower(c.name_uz), lower(c.name_ru));

-- Anything else the sites name joins the list as it is, so that no site loses its place; an administrator gives it
-- its Uzbek and Russian names on the admin page.
insert into region (name, name_uz, name_ru)
    select distinct region, region, region from site where region not in (select name from region);
insert into city (region, name, name_uz, name_ru)
    select distinct s.region, s.city, s.city, s.city from site s
    where not exists (select 1 from city c where c.region = s.region and c.name = s.city);

alter table site add constraint site_city_listed foreign key (region, city) references city (region, name)
    on update cascade;
