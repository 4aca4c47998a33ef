-- Single sign-on (issue 14, part 4): an account provisioned from an OpenID provider remembers who it is there, the
-- provider's issuer and the subject (the "sub" claim, stable for the person's life at that provider). A username can be
-- renamed at the provider; the subject cannot, so sign-ins find the account by (issuer, subject), never by username.
alter table app_user
    add column external_issuer  text,
    add column external_subject text,
    add constraint app_user_external_identity_whole
        check ((external_issuer is null) = (external_subject is null)),
    add constraint app_user_external_identity_length
        check (length(external_issuer) <= 1024 and length(external_subject) <= 255);

-- One account per person at a provider.
create unique index app_user_external_identity on app_user (external_issuer, external_subject)
    where external_subject is not null;
