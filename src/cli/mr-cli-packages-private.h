/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-cli-private.h"
#include "mr-packages.h"

G_BEGIN_DECLS

/* Shared by mr-cli-packages.c and mr-cli-bags.c. */

/* A person by id, Personnel ID, email, employee ID or name; prints why
 * and returns NULL when none (or several) match. */
MrContact *mr_cli_packages_resolve_person (MrCli *cli, const char *key);
/* A package's id from its id, internal ID or tracking number; prints why
 * and returns NULL when none matches. */
char *mr_cli_packages_resolve_package (MrCli *cli, const char *key);
/* A bag by id or label; prints why and returns NULL when none matches. */
MrBag *mr_cli_packages_resolve_bag (MrCli *cli, const char *key);
/* The members of a package's JSON object, as "packages list" prints it. */
void mr_cli_packages_json_members (JsonBuilder *builder, gpointer package);

/* "packages bag …" and "packages handover-rule …" (mr-cli-bags.c). */
int mr_cli_packages_bag (MrCli *cli, int argc, char **argv);
int mr_cli_packages_handover_rule (MrCli *cli, int argc, char **argv);

G_END_DECLS
