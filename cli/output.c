/* output.c: the files commands write with -o. A path that is the store, or
 * any SQLite database or journal, is refused (`export -o r.db` would turn
 * the store into text), as is one that is not a regular file. The content
 * goes to a temporary file beside the target, is flushed and synced, and
 * is renamed over the target only when whole: a failed run never leaves
 * half a file, and the old file stays as it was. "-" is standard output,
 * for every -o (issue 23). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "base/strbuf.h"
#include "base/banned.h"

/* What a file starts with, if it is an SQLite database ("SQLite format
 * 3\0") or write-ahead log (magic 0x377f0682 or 0x377f0683). */
static const char *sqlite_kind(const char *path)
{
	unsigned char head[16];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n == (ssize_t)sizeof(head) && !memcmp(head, "SQLite format 3", 16))
		return "an SQLite database";
	if (n >= 4 && head[0] == 0x37 && head[1] == 0x7f && head[2] == 0x06 &&
	    (head[3] == 0x82 || head[3] == 0x83))
		return "an SQLite write-ahead log";
	return NULL;
}

static int same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return !stat(path, &b) && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Is the existing file st (at path) the store or one of its companions? */
static int is_store(const struct stat *st, const char *store)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", ".snapshot" };
	struct strbuf p = STRBUF_INIT;
	int found = 0;
	for (size_t i = 0; store && i < sizeof(suffixes) / sizeof(*suffixes) && !found; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s%s", store, suffixes[i]);
		found = same_file(st, p.buf);
	}
	strbuf_release(&p);
	return found;
}

int output_open(struct output_file *o, const char *path, const char *store)
{
	struct stat st;
	mode_t mode = 0666, mask;
	const char *kind;
	int fd;

	memset(o, 0, sizeof(*o));
	if (!strcmp(path, "-")) {
		o->f = stdout;
		return EXIT_OK;
	}
	if (!*path) {
		fprintf(stderr, "error: -o: an empty file name\n");
		return EXIT_USAGE;
	}
	if (!stat(path, &st)) {
		if (is_store(&st, store)) {
			fprintf(stderr, "error: -o '%s' is the store; refusing to write over it\n", path);
			return EXIT_USAGE;
		}
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "error: -o '%s' is a directory; name a file\n", path);
			return EXIT_USAGE;
		}
		if (!S_ISREG(st.st_mode)) {
			fprintf(stderr,
				"error: -o '%s' is not a regular file; leave out -o to write to"
				" standard output\n",
				path);
			return EXIT_USAGE;
		}
		if ((kind = sqlite_kind(path))) {
			fprintf(stderr, "error: -o '%s' is %s; refusing to overwrite it\n", path, kind);
			return EXIT_USAGE;
		}
		mode = st.st_mode & 07777; /* the new file keeps the old one's mode */
	} else {
		mask = umask(0);
		umask(mask);
		mode &= ~mask;
	}
	o->path = xstrdup(path);
	{
		struct strbuf tmp = STRBUF_INIT;
		strbuf_addf(&tmp, "%s.XXXXXX", path);
		o->tmp = strbuf_detach(&tmp, NULL);
	}
	fd = mkstemp(o->tmp);
	if (fd < 0 || fchmod(fd, mode) || !(o->f = fdopen(fd, "w"))) {
		int err = errno;
		fprintf(stderr, "error: cannot write '%s': %s\n", path, strerror(err));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof(*o));
		return EXIT_STORE;
	}
	return EXIT_OK;
}

int output_commit(struct output_file *o)
{
	int err = 0;
	if (o->f == stdout && !o->path) {
		memset(o, 0, sizeof(*o));
		return fflush(stdout) ? EXIT_STORE : EXIT_OK; /* main reports a failed stdout */
	}
	if (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f)))
		err = errno ? errno : EIO;
	if (fclose(o->f) && !err)
		err = errno;
	o->f = NULL;
	if (!err && rename(o->tmp, o->path))
		err = errno;
	if (err) {
		fprintf(stderr, "error: cannot write '%s': %s; it is left as it was\n", o->path,
			strerror(err));
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return err ? EXIT_STORE : EXIT_OK;
}

void output_abort(struct output_file *o)
{
	if (o->f == stdout && !o->path) {
		memset(o, 0, sizeof(*o));
		return;
	}
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

int write_output(const char *path, const char *store, const void *buf, size_t len)
{
	struct output_file o;
	int code;
	if (!path || !strcmp(path, "-")) {
		if (len && fwrite(buf, 1, len, stdout) != len)
			return EXIT_STORE; /* main reports a failed stdout */
		return EXIT_OK;
	}
	if ((code = output_open(&o, path, store)))
		return code;
	if (len && fwrite(buf, 1, len, o.f) != len) {
		fprintf(stderr, "error: cannot write '%s': %s; it is left as it was\n", path,
			strerror(errno));
		output_abort(&o);
		return EXIT_STORE;
	}
	return output_commit(&o);
}
