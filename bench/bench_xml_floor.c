/* bench_xml_floor.c: the floor under import-rdcr's reader (bench/README.md,
 * "Importers"): libxml2's SAX2 parser alone over the same TEI articles,
 * with a handler that only counts elements and collects nothing, each
 * file read whole and pushed in one chunk with the options of
 * src/import/rdcr_xml.c (no network, no DTD, no entities). Best of RUNS,
 * in seconds: no reader built on libxml2 can be faster than this.
 *
 * usage: bench_xml_floor DIR */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
		     int n_ns, const xmlChar **ns, int n_attr, int n_def, const xmlChar **attrs)
{
	(void)name, (void)prefix, (void)uri, (void)n_ns, (void)ns, (void)n_attr, (void)n_def,
		(void)attrs;
	++*(unsigned long *)ctx;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	(void)ctx, (void)s, (void)len;
}

int main(int argc, char **argv)
{
	int runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 3;
	double best = 1e9;
	unsigned long elements = 0, files = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: bench_xml_floor DIR\n");
		return 2;
	}
	for (int r = 0; r < (runs < 1 ? 1 : runs); r++) {
		xmlSAXHandler h;
		DIR *d = opendir(argv[1]);
		struct dirent *e;
		double t0 = now();
		if (!d) {
			perror(argv[1]);
			return 1;
		}
		memset(&h, 0, sizeof(h));
		h.initialized = XML_SAX2_MAGIC;
		h.startElementNs = on_start;
		h.characters = on_text;
		elements = files = 0;
		while ((e = readdir(d))) {
			char path[4096], *buf;
			size_t n = strlen(e->d_name), len;
			FILE *f;
			xmlParserCtxtPtr c;
			if (n < 4 || strcmp(e->d_name + n - 4, ".xml"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
			/* read whole, as the reader does, then one push */
			if (!(f = fopen(path, "rb")))
				continue;
			fseek(f, 0, SEEK_END);
			len = (size_t)ftell(f);
			rewind(f);
			buf = malloc(len ? len : 1);
			if (!buf || fread(buf, 1, len, f) != len) {
				fclose(f);
				free(buf);
				continue;
			}
			fclose(f);
			c = xmlCreatePushParserCtxt(&h, &elements, NULL, 0, path);
			if (c) {
				xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOERROR |
							     XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
							     XML_PARSE_NOCDATA);
				xmlParseChunk(c, buf, (int)len, 1);
				xmlFreeParserCtxt(c);
				files++;
			}
			free(buf);
		}
		closedir(d);
		if (now() - t0 < best)
			best = now() - t0;
	}
	printf("xml_floor_files %lu\nxml_floor_elements %lu\nxml_floor_s %.4f\n", files, elements,
	       best);
	return 0;
}
