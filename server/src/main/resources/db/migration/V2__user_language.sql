-- Each person picks the dashboard language (en, uz, ru); it follows them across sessions.
alter table app_user add column language text not null default 'en' check (language in ('en', 'uz', 'ru'));
