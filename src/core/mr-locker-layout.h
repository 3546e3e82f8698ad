/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mr-lockers.h"

G_BEGIN_DECLS

/* The layout of a locker bank: columns side by side, each a stack of
 * doors, read from a file an administrator wrote (JSON or CSV) or from
 * the doors already in the database. Parsing computes each door's
 * height from the floor and its number. Errors are MR_STORE_ERROR_INVALID
 * about the field "layout", naming the column and door, or the CSV line.
 *
 * JSON:
 *   { "base_cm": 10,        floor to the bottom of the lowest doors (default 0)
 *     "width_cm": 45,       width of every column (default 45)
 *     "loading": "front",   or "rear": doors filled from behind (default front)
 *     "columns": [
 *       { "width_cm": 60, "base_cm": 5,    optional, this column only
 *         "doors": [                        from the top down
 *           "S",                            a standard size (XS 10, S 15, M 25,
 *                                           L 40, XL 60 cm high)
 *           { "size": "M", "height_cm": 30 },   a standard size, its real height
 *           { "height_cm": 33 },                a custom height
 *           { "size": "L", "number": "A12", "delivery_only": true,
 *             "loading": "rear" },
 *           { "panel": "Screen", "height_cm": 105 } ] } ] }
 *   A panel is not a door (a screen, a blank): it only takes height. A bare
 *   array is taken as the list of columns.
 *
 * CSV (comma, semicolon or tab; one line per door or panel):
 *   column,size,height_cm,number,delivery_only,loading,width_cm,base_cm
 *   1,S,,,,,45,10
 *   1,M
 *   1,panel,105
 *   2,XL,,,yes,rear
 *   "column" counts from 1; the lines of a column go from the top down.
 *   Only "column" and "size" or "height_cm" are required; width_cm and
 *   base_cm belong to the column (give them once). French headers work too
 *   (colonne, taille, hauteur_cm, numero, livraison_seule, chargement,
 *   largeur_cm, base_cm).
 *
 * Numbers: doors without one are numbered 1, 2, 3, … column by column,
 * each from the top. Every number is unique in the bank. */

#define MR_LOCKER_MAX_CM 250
#define MR_LOCKER_MAX_COLUMNS 200
#define MR_LOCKER_MAX_DOORS_PER_COLUMN 50
#define MR_LOCKER_MAX_DOORS 5000
#define MR_LOCKER_DEFAULT_WIDTH_CM 45

typedef struct
{
  char *number;
  char *panel; /* a panel's label ("" when unnamed); NULL for a door */
  MrLockerSize size;
  int height_cm;
  int bottom_cm; /* computed */
  gboolean rear_loading;
  gboolean delivery_only;
  guint row; /* computed: among the doors of the column, 0 = top */
} MrLockerLayoutDoor;

typedef struct
{
  int width_cm;
  int base_cm;
  GArray *doors; /* MrLockerLayoutDoor, top to bottom, panels included */
} MrLockerLayoutColumn;

typedef struct
{
  int base_cm;
  GPtrArray *columns; /* MrLockerLayoutColumn */
  guint n_doors;      /* panels excluded */
} MrLockerLayout;

void mr_locker_layout_free (MrLockerLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrLockerLayout, mr_locker_layout_free)

MrLockerLayout *mr_locker_layout_parse_json (const char *text, gssize length, GError **error);
MrLockerLayout *mr_locker_layout_parse_csv (const char *text, gssize length, GError **error);
/* JSON when the text starts with "{" or "[", else CSV. */
MrLockerLayout *mr_locker_layout_parse (const char *text, gssize length, GError **error);
/* The layout as JSON with every value explicit: what the journal keeps
 * and what mr_locker_layout_parse_json() reads back the same. */
char *mr_locker_layout_to_json (const MrLockerLayout *layout);
/* The layout of a bank as it is: doors from the database, gaps between
 * them as panels. For "lockers bank show --layout" and editing. */
MrLockerLayout *mr_locker_layout_from_map (const MrLockerMap *map);
/* The door at index @i counting every door (panels excluded), column by
 * column from the top, and its column (@col, may be NULL); or NULL. */
const MrLockerLayoutDoor *
mr_locker_layout_get_door (const MrLockerLayout *layout, guint i, guint *col);

G_END_DECLS
