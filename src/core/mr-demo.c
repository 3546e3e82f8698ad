/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-demo.h"
#include "mr-demo-data.h"
#include "mr-store-private.h"
#include "mr-text.h"

/* The demo database: a fictional bilingual company with two sites, its
 * address book, locker banks and a month of packages.
 *
 * Everything random comes from one GRand seeded by the caller, consumed in
 * a fixed order, so a seed always gives the same names, numbers and
 * histories (record ids are UUIDv7 and times are relative to now, so those
 * differ). Every record is written through mr_store_apply(), as the app
 * would, and committed every COMMIT_EVERY mutations so a large demo keeps
 * a small transaction. */

#define COMMIT_EVERY 5000
#define MINUTE_MS ((gint64) 60 * 1000)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)
#define NEVER G_MAXINT64

/* A door reachable from a wheelchair lies between these heights. */
#define ACCESSIBLE_LOW_CM 38
#define ACCESSIBLE_HIGH_CM 122

typedef struct
{
  const char *first;
  const char *last;
  const char *notes;
  char *email;
  char *phone;
  char *personnel_id;
  char *employee_id;
  char *sort_key;
  char *id; /* once created */
  guint index;
  guint department;
  guint site;
  guint mail_stop; /* index into the site's mail stops */
  gboolean accessibility;
  gboolean is_private;
} DemoContact;

typedef struct
{
  char *id;
  char *key_contact_id;
  guint site;
  guint n_members;
} DemoDepartment;

typedef struct
{
  char *id;
  char *mailroom_id; /* the mail stop where packages arrive */
  GPtrArray *floors; /* ids */
  GPtrArray *floor_names;
  GPtrArray *floor_buildings;
  GPtrArray *mail_stops; /* ids */
} DemoSite;

typedef struct
{
  char *id;
  char *place_id;
  guint site;
  guint expiry_hours;
} DemoBank;

typedef struct
{
  char *id;
  guint bank;
  guint size;
  gboolean accessible;
  gboolean out_of_service;
  gint64 busy_until; /* simulated time the locker is free again */
} DemoLocker;

typedef struct
{
  MrStore *store;
  const MrDemoOptions *opts;
  GRand *rand;
  GStringChunk *strings;
  guint pending;
  gint64 now_ms;

  DemoSite sites[MR_DEMO_N_SITES];
  DemoDepartment departments[MR_DEMO_N_DEPARTMENTS];
  DemoContact *contacts;
  GArray *banks;                                     /* DemoBank */
  GArray *lockers;                                   /* DemoLocker */
  GArray *by_size[MR_DEMO_N_SITES][MR_DEMO_N_SIZES]; /* guint indexes */
} Demo;

static void
progress (Demo *d, MrDemoStage stage, guint done, guint total)
{
  if (d->opts->progress != NULL)
    d->opts->progress (stage, done, total, d->opts->user_data);
}

static char *
keep (Demo *d, const char *s)
{
  return s ? g_string_chunk_insert (d->strings, s) : NULL;
}

static gboolean
chance (Demo *d, double p)
{
  return g_rand_double (d->rand) < p;
}

static guint
pick (Demo *d, guint n)
{
  return (guint) g_rand_int_range (d->rand, 0, (gint32) n);
}

static gint64
between (Demo *d, gint64 lo, gint64 hi)
{
  return lo + (gint64) (g_rand_double (d->rand) * (double) (hi - lo));
}

static void
dict_str (GVariantDict *dict, const char *key, const char *value)
{
  if (value != NULL)
    g_variant_dict_insert (dict, key, "s", value);
}

/* Applies one mutation, keeping the new record's id in the demo's string
 * chunk, and commits every COMMIT_EVERY mutations. */
static gboolean
apply (Demo *d, const char *name, GVariantDict *dict, char **out_id, GError **error)
{
  g_autofree char *id = NULL;

  if (!mr_store_apply (d->store, name, g_variant_dict_end (dict), &id, error))
    return FALSE;
  if (out_id != NULL)
    *out_id = keep (d, id);
  if (++d->pending >= COMMIT_EVERY)
    {
      d->pending = 0;
      if (!mr_store_end_batch (d->store, TRUE, error) || !mr_store_begin_batch (d->store, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
create_node (Demo *d,
             const char *mutation,
             const char *kind,
             const char *parent_id,
             const char *name,
             const char *code,
             char **out_id,
             GError **error)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  dict_str (&dict, "kind", kind);
  dict_str (&dict, "parent_id", parent_id);
  dict_str (&dict, "name", name);
  dict_str (&dict, "code", code);
  return apply (d, mutation, &dict, out_id, error);
}

/* Organisation and places */

static gboolean
create_organisation (Demo *d, GError **error)
{
  g_auto (GVariantDict) setting = G_VARIANT_DICT_INIT (NULL);
  guint n_divisions = 2 + pick (d, 2);
  char *enterprise;

  if (!create_node (d, "org.create", "enterprise", NULL, mr_demo_enterprise, "MER", &enterprise,
                    error))
    return FALSE;
  for (guint i = 0; i < n_divisions; i++)
    {
      const MrDemoDivision *div = &mr_demo_divisions[i];
      char *division;

      if (!create_node (d, "org.create", "division", enterprise, div->name, NULL, &division, error))
        return FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (div->locations) && div->locations[j]; j++)
        if (!create_node (d, "org.create", "location", division, div->locations[j], NULL, NULL,
                          error))
          return FALSE;
    }
  dict_str (&setting, "key", "enterprise.name");
  dict_str (&setting, "value", mr_demo_enterprise);
  return apply (d, "setting.set", &setting, NULL, error);
}

static gboolean
create_site (Demo *d, guint s, GError **error)
{
  const MrDemoSite *spec = &mr_demo_sites[s];
  DemoSite *site = &d->sites[s];
  guint n_buildings = 2 + pick (d, 2);

  if (!create_node (d, "place.create", "site", NULL, spec->name, spec->code, &site->id, error))
    return FALSE;
  for (guint b = 0; b < n_buildings; b++)
    {
      g_autofree char *code = g_strdup_printf ("%s-%c", spec->code, spec->building_letters[b]);
      guint n_floors = 3 + pick (d, 4);
      char *building;

      if (!create_node (d, "place.create", "building", site->id, spec->buildings[b], code,
                        &building, error))
        return FALSE;
      for (guint f = 0; f < n_floors; f++)
        {
          g_autofree char *floor_name = f == 0         ? g_strdup (spec->ground_floor)
                                        : spec->french ? g_strdup_printf ("Étage %u", f)
                                                       : g_strdup_printf ("Floor %u", f);
          guint n_stops = 2 + pick (d, 2);
          char *floor_id;

          if (!create_node (d, "place.create", "floor", building, floor_name, NULL, &floor_id,
                            error))
            return FALSE;
          g_ptr_array_add (site->floors, floor_id);
          g_ptr_array_add (site->floor_names, keep (d, floor_name));
          g_ptr_array_add (site->floor_buildings, (gpointer) spec->buildings[b]);
          for (guint k = 0; k < n_stops; k++)
            {
              g_autofree char *stop_name =
                g_strdup_printf ("MS-%c%u%02u", spec->building_letters[b], f, (k + 1) * 10);
              char *stop;

              if (!create_node (d, "place.create", "mail_stop", floor_id, stop_name, NULL, &stop,
                                error))
                return FALSE;
              /* The first mail stop of the ground floor is the mailroom. */
              if (site->mailroom_id == NULL)
                site->mailroom_id = stop;
              else
                g_ptr_array_add (site->mail_stops, stop);
            }
        }
    }
  return TRUE;
}

static gboolean
create_departments (Demo *d, GError **error)
{
  for (guint i = 0; i < MR_DEMO_N_DEPARTMENTS; i++)
    {
      g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
      DemoSite *site = &d->sites[mr_demo_departments[i].site];

      d->departments[i].site = mr_demo_departments[i].site;
      dict_str (&dict, "name", mr_demo_departments[i].name);
      dict_str (&dict, "place_id",
                g_ptr_array_index (site->mail_stops, pick (d, site->mail_stops->len)));
      if (!apply (d, "department.create", &dict, &d->departments[i].id, error))
        return FALSE;
    }
  return TRUE;
}

/* Contacts */

/* ASCII for an email address: accents dropped by folding, letters that do
 * not decompose spelled out, anything else but letters, digits and
 * hyphens left out ("O'Brien" → "obrien", "Søren" → "soren"). */
static void
append_email_part (GString *out, const char *name)
{
  g_autofree char *folded = mr_text_fold (name);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
        g_string_append_c (out, (char) c);
      else if (c == 0x00f8) /* ø */
        g_string_append_c (out, 'o');
      else if (c == 0x00e6) /* æ */
        g_string_append (out, "ae");
      else if (c == 0x0153) /* œ */
        g_string_append (out, "oe");
      else if (c == 0x0142) /* ł */
        g_string_append_c (out, 'l');
    }
}

/* Numbers from the ranges reserved for fiction (ARCEP, Ofcom). The draws
 * are made one statement at a time: the order in which a function's
 * arguments are evaluated is unspecified in C, and the seed's sequence must
 * not depend on the compiler. */
static char *
make_phone (Demo *d, guint site)
{
  guint kind = pick (d, 10); /* 0-2 mobile, 3-4 desk with extension */
  guint a = pick (d, 100);
  guint b = pick (d, 100);
  guint ext = 100 + pick (d, 900);

  if (mr_demo_sites[site].french)
    {
      if (kind < 3)
        return g_strdup_printf ("+33 6 39 98 %02u %02u", a, b);
      if (kind < 5)
        return g_strdup_printf ("+33 1 99 00 %02u %02u poste %u", a, b, ext);
      return g_strdup_printf ("+33 1 99 00 %02u %02u", a, b);
    }
  if (kind < 3)
    return g_strdup_printf ("+44 7700 900%03u", a * 10 + b % 10);
  if (kind < 5)
    return g_strdup_printf ("+44 20 7946 0%03u x%u", a * 10 + b % 10, ext);
  return g_strdup_printf ("+44 20 7946 0%03u", a * 10 + b % 10);
}

static guint
pick_department (Demo *d)
{
  guint total = 0, r;

  for (guint i = 0; i < MR_DEMO_N_DEPARTMENTS; i++)
    total += mr_demo_departments[i].weight;
  r = pick (d, total);
  for (guint i = 0; i < MR_DEMO_N_DEPARTMENTS; i++)
    {
      if (r < mr_demo_departments[i].weight)
        return i;
      r -= mr_demo_departments[i].weight;
    }
  return 0;
}

static void
make_contact (Demo *d, guint i, GHashTable *emails, GHashTable *badges, DemoContact *c)
{
  g_autoptr (GString) email = g_string_new (NULL);
  g_autofree char *phone = NULL;
  g_autofree char *fold_first = NULL;
  g_autofree char *fold_last = NULL;
  gboolean french;
  guint n;

  c->index = i;
  c->site = chance (d, 0.65) ? 0 : 1;
  /* Mostly local names, some colleagues from elsewhere. */
  french = mr_demo_sites[c->site].french ? chance (d, 0.8) : chance (d, 0.15);
  {
    const MrDemoList *firsts = french ? &mr_demo_first_names_fr : &mr_demo_first_names_en;
    const MrDemoList *lasts = french ? &mr_demo_last_names_fr : &mr_demo_last_names_en;

    c->first = firsts->items[pick (d, firsts->n_items)];
    c->last = lasts->items[pick (d, lasts->n_items)];
  }
  c->department = pick_department (d);
  c->mail_stop = pick (d, d->sites[c->site].mail_stops->len);

  /* first.last@, then first.last2@, … for namesakes */
  append_email_part (email, c->first);
  g_string_append_c (email, '.');
  append_email_part (email, c->last);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (emails, email->str)) + 1;
  g_hash_table_insert (emails, keep (d, email->str), GUINT_TO_POINTER (n));
  if (n > 1)
    g_string_append_printf (email, "%u", n);
  g_string_append (email, "@meridien.example");
  c->email = keep (d, email->str);

  if (chance (d, 0.92))
    {
      phone = make_phone (d, c->site);
      c->phone = keep (d, phone);
    }

  /* Badge numbers: 8 digits, unique. */
  for (;;)
    {
      char badge[16];

      g_snprintf (badge, sizeof badge, "%08u",
                  (guint) g_rand_int_range (d->rand, 10000000, 99999999));
      if (!g_hash_table_contains (badges, badge))
        {
          c->personnel_id = keep (d, badge);
          g_hash_table_add (badges, c->personnel_id);
          break;
        }
    }
  {
    char employee[16];

    g_snprintf (employee, sizeof employee, "E%06u", 100001 + i);
    c->employee_id = keep (d, employee);
  }

  c->accessibility = chance (d, 0.03);
  c->is_private = chance (d, 0.005);
  if (c->accessibility && chance (d, 0.7))
    c->notes = mr_demo_accessibility_notes.items[pick (d, mr_demo_accessibility_notes.n_items)];
  else if (chance (d, 0.04))
    c->notes = mr_demo_notes.items[pick (d, mr_demo_notes.n_items)];

  fold_first = mr_text_fold (c->first);
  fold_last = mr_text_fold (c->last);
  {
    g_autofree char *key = g_strdup_printf ("%s\x01%s", fold_last, fold_first);

    c->sort_key = keep (d, key);
  }
}

/* Name order, then creation order: the order the contact index keeps. */
static int
compare_contacts (gconstpointer a, gconstpointer b)
{
  const DemoContact *ca = a, *cb = b;
  int r = strcmp (ca->sort_key, cb->sort_key);

  if (r != 0)
    return r;
  return ca->index < cb->index ? -1 : ca->index > cb->index;
}

static gboolean
create_contacts (Demo *d, GError **error)
{
  g_autoptr (GHashTable) emails = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) badges = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = d->opts->n_contacts;

  d->contacts = g_new0 (DemoContact, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    make_contact (d, i, emails, badges, &d->contacts[i]);

  /* Created in name order, each new contact lands at the end of the
   * name index instead of splitting gaps in the middle of it: about 1.6
   * times faster for a large demo (measured at 30,000), same data. */
  qsort (d->contacts, n, sizeof (DemoContact), compare_contacts);

  for (guint i = 0; i < n; i++)
    {
      g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
      DemoContact *c = &d->contacts[i];
      DemoDepartment *dept = &d->departments[c->department];
      DemoSite *site = &d->sites[c->site];

      dict_str (&dict, "first_name", c->first);
      dict_str (&dict, "last_name", c->last);
      dict_str (&dict, "email", c->email);
      dict_str (&dict, "phone", c->phone);
      dict_str (&dict, "department_id", dept->id);
      dict_str (&dict, "place_id", g_ptr_array_index (site->mail_stops, c->mail_stop));
      dict_str (&dict, "personnel_id", c->personnel_id);
      dict_str (&dict, "employee_id", c->employee_id);
      dict_str (&dict, "notes", c->notes);
      if (c->accessibility)
        g_variant_dict_insert (&dict, "needs_accessibility", "b", TRUE);
      if (c->is_private)
        g_variant_dict_insert (&dict, "is_private", "b", TRUE);
      if (!apply (d, "contact.create", &dict, &c->id, error))
        {
          g_prefix_error (error, "%s %s: ", c->first, c->last);
          return FALSE;
        }

      /* The key contact is a member picked uniformly at random: reservoir
       * sampling over the members as they are created. */
      dept->n_members++;
      if (dept->key_contact_id == NULL || pick (d, dept->n_members) == 0)
        dept->key_contact_id = c->id;
      if (i % 1000 == 999)
        progress (d, MR_DEMO_STAGE_CONTACTS, i + 1, n);
    }
  progress (d, MR_DEMO_STAGE_CONTACTS, n, n);

  for (guint i = 0; i < MR_DEMO_N_DEPARTMENTS; i++)
    {
      g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

      if (d->departments[i].key_contact_id == NULL)
        continue;
      dict_str (&dict, "id", d->departments[i].id);
      dict_str (&dict, "key_contact_id", d->departments[i].key_contact_id);
      if (!apply (d, "department.set_key_contact", &dict, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Lockers */

static gboolean
create_bank (Demo *d, guint b, guint n_doors, GHashTable *names, GError **error)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  static const guint expiries[] = { 48, 72, 72, 120 };
  DemoBank bank = { 0 };
  DemoSite *site;
  g_autofree char *base_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *controller = g_strdup_printf ("sim://bank-%02u", b + 1);
  guint floor_index, kiosk_col, number = 1;
  gboolean rear;

  bank.site = chance (d, 0.6) ? 0 : 1;
  site = &d->sites[bank.site];
  /* Half the banks are on the first floor of the list, the ground floor
   * of the first building: that is where people come in. */
  floor_index = chance (d, 0.5) ? 0 : pick (d, site->floors->len);
  bank.place_id = g_ptr_array_index (site->floors, floor_index);
  bank.expiry_hours = expiries[pick (d, G_N_ELEMENTS (expiries))];
  base_name =
    g_strdup_printf (mr_demo_sites[bank.site].french ? "Casiers %s – %s" : "Lockers %s – %s",
                     (const char *) g_ptr_array_index (site->floor_buildings, floor_index),
                     (const char *) g_ptr_array_index (site->floor_names, floor_index));
  name = g_strdup (base_name);
  for (guint k = 2; g_hash_table_contains (names, name); k++)
    {
      g_free (name);
      name = g_strdup_printf ("%s (%u)", base_name, k);
    }
  g_hash_table_add (names, keep (d, name));

  dict_str (&dict, "name", name);
  dict_str (&dict, "place_id", bank.place_id);
  dict_str (&dict, "controller_address", controller);
  g_variant_dict_insert (&dict, "expiry_hours", "x", (gint64) bank.expiry_hours);
  if (!apply (d, "locker_bank.create", &dict, &bank.id, error))
    return FALSE;
  g_array_append_val (d->banks, bank);

  /* Some banks are filled from the mailroom behind the wall. */
  rear = chance (d, 0.2);
  kiosk_col = n_doors >= 20 ? 1 : G_MAXUINT;
  for (guint col = 0; n_doors > 0; col++)
    {
      const MrDemoColumn *tmpl =
        col == kiosk_col ? &mr_demo_kiosk_column : &mr_demo_columns[pick (d, MR_DEMO_N_COLUMNS)];
      guint k = MIN (tmpl->n_doors, n_doors);

      /* A short last column keeps its lower doors. Row 0 is the top. */
      for (guint i = k; i-- > 0;)
        {
          g_auto (GVariantDict) door = G_VARIANT_DICT_INIT (NULL);
          const MrDemoDoor *spec = &tmpl->doors[i];
          char num[16];
          DemoLocker locker = { 0 };
          guint locker_index = d->lockers->len;

          g_snprintf (num, sizeof num, "%u", number++);
          dict_str (&door, "bank_id", bank.id);
          dict_str (&door, "number", num);
          g_variant_dict_insert (&door, "col", "x", (gint64) col);
          g_variant_dict_insert (&door, "row", "x", (gint64) (k - 1 - i));
          dict_str (&door, "size", mr_demo_sizes[spec->size]);
          g_variant_dict_insert (&door, "height_cm", "x", (gint64) spec->height_cm);
          g_variant_dict_insert (&door, "bottom_cm", "x", (gint64) spec->bottom_cm);
          dict_str (&door, "loading", rear ? "rear" : "front");
          if (chance (d, 0.05))
            g_variant_dict_insert (&door, "delivery_only", "b", TRUE);
          if (!apply (d, "locker.create", &door, &locker.id, error))
            return FALSE;

          locker.bank = d->banks->len - 1;
          locker.size = spec->size;
          locker.accessible = spec->bottom_cm >= ACCESSIBLE_LOW_CM &&
                              spec->bottom_cm + spec->height_cm <= ACCESSIBLE_HIGH_CM;
          locker.out_of_service = chance (d, 0.015);
          locker.busy_until = locker.out_of_service ? NEVER : 0;
          g_array_append_val (d->lockers, locker);
          g_array_append_val (d->by_size[bank.site][spec->size], locker_index);

          if (locker.out_of_service)
            {
              g_auto (GVariantDict) oos = G_VARIANT_DICT_INIT (NULL);

              dict_str (&oos, "id", locker.id);
              g_variant_dict_insert (&oos, "out_of_service", "b", TRUE);
              if (!apply (d, "locker.set_out_of_service", &oos, NULL, error))
                return FALSE;
            }
        }
      n_doors -= k;
    }
  return TRUE;
}

static gboolean
create_lockers (Demo *d, GError **error)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint remaining = d->opts->n_lockers;

  /* Banks of 24 to 60 doors; the last one takes what is left. */
  for (guint b = 0; remaining > 0; b++)
    {
      guint target = 24 + pick (d, 37);

      if (remaining <= 60)
        target = remaining;
      else if (remaining - target < 24)
        target = remaining - 24;
      if (!create_bank (d, b, target, names, error))
        return FALSE;
      remaining -= target;
      progress (d, MR_DEMO_STAGE_LOCKERS, d->opts->n_lockers - remaining, d->opts->n_lockers);
    }
  return TRUE;
}

/* Packages */

/* A free locker at @site for a package of @size at simulated time @t:
 * the smallest size that fits, in service, reachable when the recipient
 * needs it. */
static DemoLocker *
find_locker (Demo *d, guint site, guint size, gboolean accessible, gint64 t)
{
  for (guint s = size; s < MR_DEMO_N_SIZES; s++)
    {
      GArray *candidates = d->by_size[site][s];
      guint start;

      if (candidates->len == 0)
        continue;
      start = pick (d, candidates->len);
      for (guint k = 0; k < candidates->len; k++)
        {
          guint i = g_array_index (candidates, guint, (start + k) % candidates->len);
          DemoLocker *l = &g_array_index (d->lockers, DemoLocker, i);

          if (l->busy_until <= t && (!accessible || l->accessible))
            return l;
        }
    }
  return NULL;
}

static gboolean
add_event (Demo *d,
           const char *package_id,
           const char *kind,
           gint64 at,
           const char *place_id,
           const char *locker_id,
           const char *handed_to_id,
           GError **error)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  dict_str (&dict, "package_id", package_id);
  dict_str (&dict, "kind", kind);
  g_variant_dict_insert (&dict, "at", "x", at);
  dict_str (&dict, "place_id", place_id);
  dict_str (&dict, "locker_id", locker_id);
  dict_str (&dict, "handed_to_id", handed_to_id);
  return apply (d, "package.event", &dict, NULL, error);
}

/* Into a locker through the drop-off, as the app does it: every rule
 * checked, an open delivery made (package.event refuses "in_locker" on
 * its own). The demo's choice already follows the rules; should the core
 * still refuse the door (a department's key contact who needs a door
 * within reach), @refused says so and the package goes elsewhere. */
static gboolean
add_dropoff (Demo *d,
             const char *package_id,
             const char *locker_id,
             gint64 at,
             gboolean *refused,
             GError **error)
{
  g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr (GError) local = NULL;

  *refused = FALSE;
  dict_str (&dict, "package_id", package_id);
  dict_str (&dict, "locker_id", locker_id);
  g_variant_dict_insert (&dict, "at", "x", at);
  if (apply (d, "locker.dropoff", &dict, NULL, &local))
    return TRUE;
  if (g_error_matches (local, MR_STORE_ERROR, MR_STORE_ERROR_INVALID) ||
      g_error_matches (local, MR_STORE_ERROR, MR_STORE_ERROR_IN_USE))
    {
      *refused = TRUE;
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static int
compare_times (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Receipt times: working days of the last 30, 8:00 to 18:00, oldest
 * first, so lockers fill and empty in the order they would have. */
static gint64 *
make_receipt_times (Demo *d, guint n)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  gint64 *times = g_new (gint64, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (now, -(gint) pick (d, 30));
      g_autoptr (GDateTime) at = NULL;
      int dow = g_date_time_get_day_of_week (day);
      gint hour, minute, second;
      gint64 earlier;

      if (dow >= 6)
        {
          GDateTime *friday = g_date_time_add_days (day, 5 - dow);

          g_date_time_unref (day);
          day = friday;
        }
      hour = 8 + (gint) pick (d, 10);
      minute = (gint) pick (d, 60);
      second = (gint) pick (d, 60);
      earlier = between (d, 2 * MINUTE_MS, 3 * HOUR_MS);
      at = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                  g_date_time_get_day_of_month (day), hour, minute, second);

      /* Later today has not happened yet. (The draw above is made either
       * way, so the seed's sequence does not depend on the time of day.) */
      times[i] = g_date_time_to_unix (at) * 1000;
      if (times[i] > d->now_ms - MINUTE_MS)
        times[i] = d->now_ms - earlier;
    }
  return times;
}

/* The rest of a package's life after receipt, as far as "now": each step
 * only happens if its time has come. */
static gboolean
package_history (Demo *d,
                 const char *package_id,
                 DemoContact *recipient,
                 guint department,
                 guint size,
                 gint64 t,
                 GError **error)
{
  guint site = recipient ? recipient->site : d->departments[department].site;
  DemoSite *s = &d->sites[site];
  const char *desk_place =
    recipient ? g_ptr_array_index (s->mail_stops, recipient->mail_stop) : s->mailroom_id;
  const char *taker = recipient ? recipient->id : d->departments[department].key_contact_id;
  double r = g_rand_double (d->rand);
  DemoLocker *locker = NULL;
  gboolean refused = FALSE;

#define STEP(delay_lo, delay_hi)                \
  do                                            \
    {                                           \
      t += between (d, (delay_lo), (delay_hi)); \
      if (t > d->now_ms)                        \
        return TRUE;                            \
    }                                           \
  while (0)

  if (r < 0.55)
    {
      gint64 placed, expiry;
      DemoBank *bank;

      STEP (10 * MINUTE_MS, 2 * HOUR_MS);
      locker = find_locker (d, site, size, recipient && recipient->accessibility, t);
      if (locker != NULL && !add_dropoff (d, package_id, locker->id, t, &refused, error))
        return FALSE;
      if (locker != NULL && !refused)
        {
          bank = &g_array_index (d->banks, DemoBank, locker->bank);
          locker->busy_until = NEVER;
          placed = t;
          expiry = placed + (gint64) bank->expiry_hours * HOUR_MS;
          STEP (MINUTE_MS, 2 * MINUTE_MS);
          if (!add_event (d, package_id, "notified", t, NULL, NULL, NULL, error))
            return FALSE;

          if (chance (d, 0.9))
            {
              gint64 pickup = t + (chance (d, 0.75) ? between (d, HOUR_MS, 2 * DAY_MS)
                                                    : between (d, 2 * DAY_MS, 5 * DAY_MS));

              if (pickup < expiry)
                {
                  if (pickup - placed > DAY_MS && placed + DAY_MS <= d->now_ms &&
                      !add_event (d, package_id, "reminded", placed + DAY_MS, NULL, NULL, NULL,
                                  error))
                    return FALSE;
                  if (pickup > d->now_ms)
                    return TRUE;
                  locker->busy_until = pickup;
                  return add_event (d, package_id, "picked_up", pickup, NULL, NULL, taker, error);
                }
            }
          /* Not collected in time. */
          if (placed + DAY_MS <= d->now_ms &&
              !add_event (d, package_id, "reminded", placed + DAY_MS, NULL, NULL, NULL, error))
            return FALSE;
          if (expiry > d->now_ms)
            return TRUE;
          if (!add_event (d, package_id, "expired", expiry, NULL, NULL, NULL, error))
            return FALSE;
          t = expiry;
          STEP (2 * HOUR_MS, 20 * HOUR_MS);
          locker->busy_until = t;
          if (chance (d, 0.6))
            return add_event (d, package_id, "returned", t, NULL, NULL, NULL, error);
          if (!add_event (d, package_id, "moved", t, s->mailroom_id, NULL, NULL, error))
            return FALSE;
          STEP (HOUR_MS, 3 * DAY_MS);
          return add_event (d, package_id, "picked_up", t, NULL, NULL, taker, error);
        }
      /* No free locker: the package goes to the recipient's mail stop. */
      r = 0.6;
    }

  if (r < 0.85)
    {
      STEP (30 * MINUTE_MS, 4 * HOUR_MS);
      if (!add_event (d, package_id, "moved", t, desk_place, NULL, NULL, error))
        return FALSE;
      STEP (MINUTE_MS, 2 * MINUTE_MS);
      if (!add_event (d, package_id, "notified", t, NULL, NULL, NULL, error))
        return FALSE;
      STEP (10 * MINUTE_MS, 3 * DAY_MS);
      return add_event (d, package_id, "picked_up", t, NULL, NULL, taker, error);
    }
  if (r < 0.95)
    {
      /* Collected at the mailroom counter. */
      STEP (MINUTE_MS, 3 * MINUTE_MS);
      if (!add_event (d, package_id, "notified", t, NULL, NULL, NULL, error))
        return FALSE;
      STEP (5 * MINUTE_MS, DAY_MS);
      return add_event (d, package_id, "picked_up", t, NULL, NULL, taker, error);
    }
  if (r < 0.98)
    {
      /* Refused, or nobody of that name. */
      STEP (DAY_MS, 3 * DAY_MS);
      return add_event (d, package_id, "returned", t, NULL, NULL, NULL, error);
    }
  STEP (DAY_MS, 5 * DAY_MS);
  return add_event (d, package_id, "removed", t, NULL, NULL, NULL, error);
#undef STEP
}

static guint
pick_package_size (Demo *d)
{
  double r = g_rand_double (d->rand);

  return r < 0.40 ? 0 : r < 0.75 ? 1 : r < 0.93 ? 2 : 3;
}

static gboolean
create_packages (Demo *d, GError **error)
{
  guint n = d->opts->n_packages;
  g_autofree gint64 *times = NULL;

  if (n > 0 && d->opts->n_contacts == 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, "packages",
                          _ ("Packages need recipients: ask for at least one contact."));
  times = make_receipt_times (d, n);
  qsort (times, n, sizeof (gint64), compare_times);

  for (guint i = 0; i < n; i++)
    {
      g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
      MrDemoCarrier carrier = mr_demo_pick_carrier (d->rand);
      g_autofree char *tracking = mr_demo_tracking_number (carrier, d->rand);
      DemoContact *recipient = NULL;
      guint department = 0;
      guint size = pick_package_size (d);
      double h = g_rand_double (d->rand);
      guint32 history_seed = g_rand_int (d->rand);
      GRand *main_rand = d->rand;
      gboolean ok;
      guint site;
      char *id;

      /* A few parcels are addressed to a department, not a person. */
      if (chance (d, 0.05))
        {
          department = pick (d, MR_DEMO_N_DEPARTMENTS);
          if (d->departments[department].key_contact_id == NULL)
            recipient = &d->contacts[pick (d, d->opts->n_contacts)];
        }
      else
        recipient = &d->contacts[pick (d, d->opts->n_contacts)];
      site = recipient ? recipient->site : d->departments[department].site;

      dict_str (&dict, "tracking_number", tracking);
      dict_str (&dict, "carrier", mr_demo_carrier_name (carrier));
      dict_str (&dict, "service", mr_demo_pick_service (carrier, d->rand));
      if (recipient != NULL)
        dict_str (&dict, "recipient_id", recipient->id);
      else
        dict_str (&dict, "department_id", d->departments[department].id);
      dict_str (&dict, "place_id", d->sites[site].mailroom_id);
      dict_str (&dict, "size", mr_demo_sizes[size]);
      g_variant_dict_insert (&dict, "pieces", "x",
                             (gint64) (chance (d, 0.93) ? 1 : 2 + pick (d, 2)));
      dict_str (&dict, "handover", h < 0.15 ? "signature" : h < 0.18 ? "id_scan" : "none");
      g_variant_dict_insert (&dict, "at", "x", times[i]);
      if (!apply (d, "package.receive", &dict, &id, error))
        return FALSE;
      /* A history stops at "now", so how much randomness it uses depends
       * on the clock: it gets a generator of its own, and every package
       * gets the same draws from the seed whenever the demo is made. */
      d->rand = g_rand_new_with_seed (history_seed);
      ok = package_history (d, id, recipient, department, size, times[i], error);
      g_rand_free (d->rand);
      d->rand = main_rand;
      if (!ok)
        {
          g_prefix_error (error, "%s %s: ", mr_demo_carrier_name (carrier), tracking);
          return FALSE;
        }
      if (i % 1000 == 999)
        progress (d, MR_DEMO_STAGE_PACKAGES, i + 1, n);
    }
  progress (d, MR_DEMO_STAGE_PACKAGES, n, n);
  return TRUE;
}

/* Entry point */

static gboolean
check_empty (MrStore *store, GError **error)
{
  if (mr_store_query_int (store,
                          "SELECT (SELECT count(*) FROM contact) + (SELECT count(*) FROM place) "
                          "+ (SELECT count(*) FROM org_unit) + (SELECT count(*) FROM department) "
                          "+ (SELECT count(*) FROM locker_bank) + (SELECT count(*) FROM package)",
                          NULL) > 0)
    return mr_store_fail (error, MR_STORE_ERROR_INVALID, NULL,
                          _ ("The database already holds data. Demo data goes into a new, empty "
                             "database: choose another file."));
  return TRUE;
}

static void
demo_clear (Demo *d)
{
  for (guint s = 0; s < MR_DEMO_N_SITES; s++)
    {
      g_clear_pointer (&d->sites[s].floors, g_ptr_array_unref);
      g_clear_pointer (&d->sites[s].floor_names, g_ptr_array_unref);
      g_clear_pointer (&d->sites[s].floor_buildings, g_ptr_array_unref);
      g_clear_pointer (&d->sites[s].mail_stops, g_ptr_array_unref);
      for (guint k = 0; k < MR_DEMO_N_SIZES; k++)
        g_clear_pointer (&d->by_size[s][k], g_array_unref);
    }
  g_clear_pointer (&d->banks, g_array_unref);
  g_clear_pointer (&d->lockers, g_array_unref);
  g_clear_pointer (&d->contacts, g_free);
  g_clear_pointer (&d->strings, g_string_chunk_free);
  g_clear_pointer (&d->rand, g_rand_free);
}

/**
 * mr_demo_generate:
 * @store: an empty store
 * @opts: how many contacts, lockers and packages, and the seed
 *
 * Fills @store with a deterministic demo: the same seed gives the same
 * names, numbers and histories.
 */
gboolean
mr_demo_generate (MrStore *store, const MrDemoOptions *opts, GError **error)
{
  Demo d = { 0 };
  gboolean ok;

  g_return_val_if_fail (MR_IS_STORE (store), FALSE);
  g_return_val_if_fail (opts != NULL, FALSE);

  if (!check_empty (store, error))
    return FALSE;

  d.store = store;
  d.opts = opts;
  d.rand = g_rand_new_with_seed (opts->seed);
  d.strings = g_string_chunk_new (64 * 1024);
  d.now_ms = g_get_real_time () / 1000;
  d.banks = g_array_new (FALSE, TRUE, sizeof (DemoBank));
  d.lockers = g_array_new (FALSE, TRUE, sizeof (DemoLocker));
  for (guint s = 0; s < MR_DEMO_N_SITES; s++)
    {
      d.sites[s].floors = g_ptr_array_new ();
      d.sites[s].floor_names = g_ptr_array_new ();
      d.sites[s].floor_buildings = g_ptr_array_new ();
      d.sites[s].mail_stops = g_ptr_array_new ();
      for (guint k = 0; k < MR_DEMO_N_SIZES; k++)
        d.by_size[s][k] = g_array_new (FALSE, FALSE, sizeof (guint));
    }

  if (!mr_store_begin_batch (store, error))
    {
      demo_clear (&d);
      return FALSE;
    }
  progress (&d, MR_DEMO_STAGE_ORGANISATION, 0, 1);
  ok = create_organisation (&d, error);
  for (guint s = 0; ok && s < MR_DEMO_N_SITES; s++)
    ok = create_site (&d, s, error);
  ok = ok && create_departments (&d, error);
  if (ok)
    progress (&d, MR_DEMO_STAGE_ORGANISATION, 1, 1);
  ok = ok && create_contacts (&d, error);
  ok = ok && create_lockers (&d, error);
  ok = ok && create_packages (&d, error);
  if (!mr_store_end_batch (store, ok, ok ? error : NULL))
    ok = FALSE;
  demo_clear (&d);
  return ok;
}
