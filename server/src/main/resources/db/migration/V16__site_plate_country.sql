-- The country whose plates a site mostly sees (ISO 3166-1 alpha-2, a country module plates knows): it breaks ties
-- when the server recognises a read of the site's cameras (issue 13). Existing sites are in Uzbekistan.
alter table site add column plate_country text not null default 'UZ' check (plate_country ~ '^[A-Z]{2}$');
