/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The raw material of the demo database (mr-demo-data.c): names, sites,
 * departments, locker column layouts and carriers' tracking numbers. */

typedef struct
{
  const char *const *items;
  guint n_items;
} MrDemoList;

extern const MrDemoList mr_demo_first_names_fr;
extern const MrDemoList mr_demo_first_names_en;
extern const MrDemoList mr_demo_last_names_fr;
extern const MrDemoList mr_demo_last_names_en;
extern const MrDemoList mr_demo_notes;
extern const MrDemoList mr_demo_accessibility_notes;

typedef struct
{
  const char *name;
  const char *code;
  const char *buildings[3];
  char building_letters[3];
  const char *ground_floor;
  const char *location; /* the organisation unit it belongs to */
  gboolean french;
} MrDemoSite;

#define MR_DEMO_N_SITES 2
extern const MrDemoSite mr_demo_sites[MR_DEMO_N_SITES];

typedef struct
{
  const char *name;
  guint weight; /* relative head count */
  guint site;   /* where its own mail stop is */
} MrDemoDepartment;

#define MR_DEMO_N_DEPARTMENTS 12
extern const MrDemoDepartment mr_demo_departments[MR_DEMO_N_DEPARTMENTS];

typedef struct
{
  const char *name;
  const char *locations[2];
} MrDemoDivision;

extern const char *const mr_demo_enterprise;
#define MR_DEMO_N_DIVISIONS 3
extern const MrDemoDivision mr_demo_divisions[MR_DEMO_N_DIVISIONS];

/* Sizes from the smallest: a package fits a locker of its size or larger. */
#define MR_DEMO_N_SIZES 4
extern const char *const mr_demo_sizes[MR_DEMO_N_SIZES];

typedef struct
{
  guint8 size; /* index into mr_demo_sizes */
  guint8 height_cm;
  guint8 bottom_cm;
} MrDemoDoor;

typedef struct
{
  guint n_doors;
  MrDemoDoor doors[12]; /* from the floor up */
} MrDemoColumn;

#define MR_DEMO_N_COLUMNS 4
extern const MrDemoColumn mr_demo_columns[MR_DEMO_N_COLUMNS];
/* The column with the bank's touch screen: a few doors under and above it. */
extern const MrDemoColumn mr_demo_kiosk_column;

typedef enum
{
  MR_DEMO_UPS,
  MR_DEMO_FEDEX,
  MR_DEMO_USPS,
  MR_DEMO_DHL,
  MR_DEMO_AMAZON,
  MR_DEMO_N_CARRIERS
} MrDemoCarrier;

const char *mr_demo_carrier_name (MrDemoCarrier carrier);
MrDemoCarrier mr_demo_pick_carrier (GRand *rand);
const char *mr_demo_pick_service (MrDemoCarrier carrier, GRand *rand);
char *mr_demo_tracking_number (MrDemoCarrier carrier, GRand *rand);

G_END_DECLS
