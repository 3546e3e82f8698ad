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

/* Editing a layout in memory, for the bank editor (mr-locker-bank-edit.c).
 * A door is named by its column and its @entry, its index in the column's
 * doors array (panels included), from the top. Each change keeps heights
 * from the floor, rows and numbers computed, exactly as the parser would;
 * a change that would break a rule returns FALSE (MR_STORE_ERROR_INVALID,
 * field "layout", a translated message) and leaves the layout as it was. */

/* A bank with no column yet: where a new bank starts. */
MrLockerLayout *mr_locker_layout_new_empty (int base_cm);
MrLockerLayout *mr_locker_layout_copy (const MrLockerLayout *layout);
/* Recomputes a layout whose fields were changed by hand; doors without a
 * number get the next free one. */
gboolean mr_locker_layout_update (MrLockerLayout *layout, GError **error);
/* JSON for "locker_bank.create" and ".set_layout"; doors without a number
 * are left without one. */
char *mr_locker_layout_to_edit_json (const MrLockerLayout *layout);
/* A new column on the right. @doors: sizes or heights in cm from the top,
 * such as "S, S, M, 3×L, 33". */
gboolean mr_locker_layout_add_column (
  MrLockerLayout *layout, int width_cm, const char *doors, gboolean rear_loading, GError **error);
gboolean mr_locker_layout_remove_column (MrLockerLayout *layout, guint column, GError **error);
gboolean mr_locker_layout_set_column_width (MrLockerLayout *layout,
                                            guint column,
                                            int width_cm,
                                            GError **error);
/* The bank's base; columns standing on the old base move with it. */
gboolean mr_locker_layout_set_base (MrLockerLayout *layout, int base_cm, GError **error);
/* @height_cm counts for a custom size only. */
gboolean mr_locker_layout_set_door_size (MrLockerLayout *layout,
                                         guint column,
                                         guint entry,
                                         MrLockerSize size,
                                         int height_cm,
                                         GError **error);
/* Two doors in place of one: the top one keeps the number. */
gboolean mr_locker_layout_split_door (MrLockerLayout *layout,
                                      guint column,
                                      guint entry,
                                      MrLockerSize top_size,
                                      int top_height_cm,
                                      MrLockerSize bottom_size,
                                      int bottom_height_cm,
                                      GError **error);
/* One door of both heights in place of the door and the one right below. */
gboolean
mr_locker_layout_merge_door (MrLockerLayout *layout, guint column, guint entry, GError **error);
gboolean mr_locker_layout_set_door_number (
  MrLockerLayout *layout, guint column, guint entry, const char *number, GError **error);
gboolean mr_locker_layout_set_door_options (MrLockerLayout *layout,
                                            guint column,
                                            guint entry,
                                            gboolean rear_loading,
                                            gboolean delivery_only,
                                            GError **error);
/* Numbers every door like "locker_bank.renumber": @order "columns" (each
 * from the top, left to right) or "rows" (the highest first). */
gboolean mr_locker_layout_renumber (
  MrLockerLayout *layout, const char *order, int start, const char *prefix, GError **error);
gboolean mr_locker_layout_find_door (const MrLockerLayout *layout,
                                     const char *number,
                                     guint *column,
                                     guint *entry);
/* Whether "locker_bank.set_layout" would accept @layout for @bank_id now
 * (doors in use cannot be removed, resized or moved), without changing
 * anything: the error is the mutation's. */
gboolean mr_locker_bank_check_layout (MrStore *store,
                                      const char *bank_id,
                                      const MrLockerLayout *layout,
                                      GError **error);

G_END_DECLS
