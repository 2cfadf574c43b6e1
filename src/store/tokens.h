/* tokens.h: the accounts of the HTTP server, kept in the store: each token
 * as a hash (never the token itself) with the account's name and role, and
 * revocations as rows of their own, so that nothing is updated or deleted.
 * Hashing and random numbers are the server's business (server/auth.c);
 * this file only keeps rows. The tables are in docs/schema.md. */
#ifndef STORE_TOKENS_H
#define STORE_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "chancery.h"

/* The largest hash kept, in bytes. */
#define CHANCERY_TOKEN_HASH_MAX 64

struct chancery_token {
	int64_t tid;
	char *name;
	char role[8];          /* "reader", "editor" or "admin" */
	char created_at[24];   /* "YYYY-MM-DDTHH:MM:SSZ" */
	char revoked_at[24];   /* "" while it is valid */
};

/* Is role one of the three? */
int chancery_token_role_valid(const char *role);

/* Record a new token for account name with role, by its hash. Creates the
 * tables in a store made before they existed. Sets *tid. Returns 0,
 * -CHANCERY_EINPUT for a bad name or role (with a message), or
 * -CHANCERY_ESTORE. */
int chancery_store_token_add(chancery_store *s, const char *name, const char *role,
			     const unsigned char *hash, size_t hash_len, int64_t *tid,
			     struct chancery_diags *diags);

/* Every token, oldest first, in a new array (free with
 * chancery_store_tokens_free). A store without the tables has none. */
int chancery_store_tokens(chancery_store *s, struct chancery_token **out, size_t *n,
			  struct chancery_diags *diags);
void chancery_store_tokens_free(struct chancery_token *v, size_t n);

/* Revoke every valid token of account name (or, when name is all digits,
 * the token with that number). Sets *count to how many were revoked;
 * -CHANCERY_ENOTFOUND when none was valid. */
int chancery_store_token_revoke(chancery_store *s, const char *name, size_t *count,
				struct chancery_diags *diags);

/* The valid token whose hash is hash: fills *out (free out->name) and
 * returns 0, or returns -CHANCERY_ENOTFOUND. The caller compares the hash
 * again in constant time (out_hash receives the stored one). */
int chancery_store_token_find(chancery_store *s, const unsigned char *hash, size_t hash_len,
			      struct chancery_token *out, unsigned char *out_hash,
			      struct chancery_diags *diags);

/* The number of the store's last record (0 for none) into *rec: what a
 * server compares to know whether the registry it holds is current. */
int chancery_store_last_record(chancery_store *s, int64_t *rec, struct chancery_diags *diags);

#endif
