-- Passkeys (WebAuthn, issue 14 part 3): Spring Security's own tables, as its JDBC repositories read and write
-- them (JdbcPublicKeyCredentialUserEntityRepository, JdbcUserCredentialRepository), tied to the account so that a
-- deleted account takes its passkeys along. Only public keys are stored: a passkey's private key never leaves the
-- person's authenticator.
create table user_entities (
    -- The WebAuthn user handle (random, base64url), not the database id: authenticators store it.
    id           varchar(1000) not null primary key,
    name         varchar(100)  not null unique references app_user (username) on delete cascade,
    display_name varchar(200)
);

create table user_credentials (
    credential_id                varchar(1000) not null primary key,
    user_entity_user_id          varchar(1000) not null references user_entities (id) on delete cascade,
    public_key                   bytea         not null,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           bytea,
    attestation_client_data_json bytea,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) not null check (length(label) between 1 and 64)
);
create index user_credentials_user on user_credentials (user_entity_user_id);

-- Sessions record passkey sign-ins too: alone (passwordless) or after the password (second factor).
alter table user_session drop constraint user_session_sign_in_check;
alter table user_session add constraint user_session_sign_in_check
    check (sign_in in ('password', 'password+totp', 'recovery-code', 'sso', 'passkey', 'password+passkey'));
