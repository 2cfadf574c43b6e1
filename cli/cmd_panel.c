/* cmd_panel.c: stub */
#include "cli.h"
#include "base/banned.h"
int cmd_panel(int argc, char **argv) { (void)argc; (void)argv; return EXIT_USAGE; }
