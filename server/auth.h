/* auth.h: checking the Authorization header of a request against the
 * tokens in the store (auth.c). */
#ifndef SERVER_AUTH_H
#define SERVER_AUTH_H

#include "chancery.h"

#define AUTH_HASH_BYTES 32

struct auth_who {
	char name[72]; /* the account: the author of its imports */
	char role[8];  /* reader, editor, admin; "" for an anonymous request */
};

enum auth_result {
	AUTH_OK = 0,
	AUTH_NONE,      /* no Authorization header */
	AUTH_MALFORMED, /* not "Bearer chy_<64 hex>" */
	AUTH_UNKNOWN,   /* no such token, or revoked */
	AUTH_ERROR,     /* the store failed */
};

/* Start libsodium; 0 or -CHANCERY_EIO. */
int auth_init(struct chancery_diags *diags);
void auth_hash(const char *token, size_t len, unsigned char hash[AUTH_HASH_BYTES]);
/* Check an Authorization header (NULL when absent) against store s. */
int auth_check(chancery_store *s, const char *header, struct auth_who *who,
	       struct chancery_diags *diags);
/* Does role grant what needed asks (reader < editor < admin)? */
int auth_role_allows(const char *role, const char *needed);

#endif
