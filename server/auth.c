/* auth.c: tokens. A token is 32 random bytes from libsodium's
 * randombytes_buf, shown once as "chy_" and 64 hex digits; the store keeps
 * only its BLAKE2b hash (crypto_generichash). A token carries 256 bits of
 * chance, so a fast hash is enough: a slow password hash (crypto_pwhash)
 * protects guessable secrets, and would cost every request milliseconds.
 * The stored hash is compared again in constant time (sodium_memcmp). */
#include "server.h"
#include "auth.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/tokens.h"
#include "base/banned.h"

#define TOKEN_PREFIX "chy_"
#define TOKEN_BYTES 32

int auth_init(struct chancery_diags *diags)
{
	if (sodium_init() < 0) {
		chancery_diags_add(diags, CHANCERY_ERROR, NULL, 0, 0, NULL,
				   "cannot start libsodium (no source of random numbers)");
		return -CHANCERY_EIO;
	}
	return 0;
}

void auth_hash(const char *token, size_t len, unsigned char hash[AUTH_HASH_BYTES])
{
	crypto_generichash(hash, AUTH_HASH_BYTES, (const unsigned char *)token, len, NULL, 0);
}

int server_token_add(const char *db, const char *name, const char *role, char **token,
		     int64_t *tid, struct chancery_diags *diags)
{
	unsigned char raw[TOKEN_BYTES], hash[AUTH_HASH_BYTES];
	char hex[2 * TOKEN_BYTES + 1];
	chancery_store *s = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret;

	*token = NULL;
	if ((ret = auth_init(diags)))
		return ret;
	if ((ret = chancery_store_open(db, 0, &s, diags)))
		return ret;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	strbuf_addf(&sb, "%s%s", TOKEN_PREFIX, hex);
	auth_hash(sb.buf, sb.len, hash);
	ret = chancery_store_token_add(s, name, role, hash, sizeof(hash), tid, diags);
	chancery_store_close(s);
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(hex, sizeof(hex));
	if (ret) {
		sodium_memzero(sb.buf, sb.len);
		strbuf_release(&sb);
		return ret;
	}
	*token = strbuf_detach(&sb, NULL);
	return 0;
}

static int role_rank(const char *role)
{
	return !strcmp(role, "admin") ? 3 : !strcmp(role, "editor") ? 2 : !strcmp(role, "reader") ? 1 : 0;
}

int auth_role_allows(const char *role, const char *needed)
{
	return role_rank(role) >= role_rank(needed);
}

int auth_check(chancery_store *s, const char *header, struct auth_who *who,
	       struct chancery_diags *diags)
{
	unsigned char hash[AUTH_HASH_BYTES], stored[AUTH_HASH_BYTES];
	struct chancery_token t;
	const char *tok;
	size_t len;
	int ret;

	memset(who, 0, sizeof(*who));
	if (!header)
		return AUTH_NONE;
	if (strncmp(header, "Bearer ", 7))
		return AUTH_MALFORMED;
	tok = header + 7;
	while (*tok == ' ')
		tok++;
	len = strlen(tok);
	while (len && tok[len - 1] == ' ')
		len--;
	if (len != SERVER_TOKEN_LEN || strncmp(tok, TOKEN_PREFIX, strlen(TOKEN_PREFIX)))
		return AUTH_MALFORMED;
	auth_hash(tok, len, hash);
	ret = chancery_store_token_find(s, hash, sizeof(hash), &t, stored, diags);
	if (ret == -CHANCERY_ENOTFOUND)
		return AUTH_UNKNOWN;
	if (ret)
		return AUTH_ERROR;
	if (sodium_memcmp(hash, stored, sizeof(hash)) != 0) {
		free(t.name);
		return AUTH_UNKNOWN;
	}
	snprintf(who->name, sizeof(who->name), "%s", t.name);
	snprintf(who->role, sizeof(who->role), "%s", t.role);
	free(t.name);
	return AUTH_OK;
}
