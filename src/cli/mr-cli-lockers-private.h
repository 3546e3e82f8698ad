/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-cli-private.h"
#include "mr-lockers.h"

G_BEGIN_DECLS

/* What mr-cli-lockers.c (map, reservations, drop-off, pickup),
 * mr-cli-lockers-banks.c (banks) and mr-cli-lockers-doors.c (door
 * operations) share. */

/* A bank by name or id (NULL: the only bank); prints why and returns NULL
 * when there is none. */
MrLockerBank *mr_cli_lockers_resolve_bank (MrCli *cli, const char *key);
/* A door by id, or by number in @bank_key (or the only bank). */
char *mr_cli_lockers_resolve_door (MrCli *cli, const char *bank_key, const char *door_key);

/* The bank's settings and door counts as members of the open object. */
void mr_cli_lockers_json_bank (JsonBuilder *b, const MrLockerBank *bank);
/* The bank's columns and doors as members of the open object. */
void mr_cli_lockers_json_map (JsonBuilder *b, const MrLockerMap *map);
/* Ends the open object and prints the JSON document. */
void mr_cli_lockers_print_json_object_end (JsonBuilder *b);

/* lockers bank create|edit|show|list|renumber (mr-cli-lockers-banks.c) */
int mr_cli_lockers_bank (MrCli *cli, int argc, char **argv);

/* Door operations (mr-cli-lockers-doors.c) */
int mr_cli_lockers_open (MrCli *cli, int argc, char **argv);
int mr_cli_lockers_empty (MrCli *cli, int argc, char **argv);
int mr_cli_lockers_reopen (MrCli *cli, int argc, char **argv);
int mr_cli_lockers_expired (MrCli *cli, int argc, char **argv);
int mr_cli_lockers_remove_expired (MrCli *cli, int argc, char **argv);

/* The doors a pickup opened, driven through the simulated controller:
 * one result per door of @opened (MrLockerOpened), in order. */
typedef struct
{
  char *state;   /* "open", "jammed", … as journalled; NULL: not driven */
  char *message; /* why the door did not open (or was not driven), or NULL */
} MrCliDoorResult;

GArray *mr_cli_lockers_open_doors (MrCli *cli, GPtrArray *opened);
/* "door_state" and "door_error" members for one door. */
void mr_cli_lockers_json_door_result (JsonBuilder *b, const MrCliDoorResult *result);
/* Prints a door's state after "Door N opened" (or why it is not open, on
 * stderr). FALSE when the controller could not open it. */
gboolean mr_cli_lockers_print_door_result (const char *number, const MrCliDoorResult *result);

G_END_DECLS
