/*
 * secret.h - passwords, tokens and digests (libsodium).
 *
 * Passwords are hashed with Argon2id (libsodium's interactive limits) into
 * a self-describing string. Session cookies and API tokens are 32 random
 * bytes, base64url, with a prefix; only their BLAKE2b-256 digest (hex) is
 * ever stored. secret_init() must run once before any of these (the CLI
 * does it at start-up).
 */
#ifndef SERVICES_SECRET_H
#define SERVICES_SECRET_H

#include <stddef.h>
#include <stdint.h>

#define SECRET_PWHASH_MAX 128 /* >= crypto_pwhash_STRBYTES */
#define SECRET_TOKEN_MAX 64
#define SECRET_DIGEST_HEX 65 /* 64 hex digits + NUL */

int secret_init(void);

/* 0 on success; -1 when out of memory (Argon2id needs 64 MiB). */
int secret_password_hash(const char *password, char out[SECRET_PWHASH_MAX]);
/* 0 when password matches stored. With stored == NULL it still spends the
 * same time (against a fixed hash) and fails, so an unknown user name
 * answers as slowly as a wrong password. */
int secret_password_verify(const char *stored, const char *password);

/* prefix + 43 base64url characters; out must hold SECRET_TOKEN_MAX. */
void secret_token_new(const char *prefix, char out[SECRET_TOKEN_MAX]);
/* Hex BLAKE2b-256 of s. */
void secret_digest(const char *s, size_t n, char out[SECRET_DIGEST_HEX]);
/* Hex SHA-256 of p[0..n) (credentials' identity hashes, file manifests). */
void secret_sha256_hex(const void *p, size_t n, char out[SECRET_DIGEST_HEX]);
/* A random password a person can type: 16 characters from an unambiguous
 * alphabet, with letters and digits. */
void secret_password_new(char out[17]);
/* 64 random bits (CSPRNG): a paper's seed. */
uint64_t secret_random_u64(void);
/* Constant-time comparison of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);

#endif
