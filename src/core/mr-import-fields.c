/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-import.h"
#include "mr-text.h"

/* What an import fills, and which column headers name it. Files come from
 * HR exports, spreadsheets and address books, in English or French, so a
 * header is matched by a key that ignores case, accents, spaces and
 * punctuation ("E-mail 1 - Value" → "email1value", "Tél. professionnel"
 * → "telprofessionnel"), against the fields' own names and labels, the
 * French words for them, and the headers of the Outlook (English and
 * French), Google Contacts (old and new) and Thunderbird (English and
 * French) exports.
 *
 * Priorities: an export often has several columns for one field (Outlook:
 * Business Phone, Business Phone 2, Mobile Phone; Thunderbird: Primary and
 * Secondary Email). Each header here carries a priority, lower = better,
 * and the importer keeps the best-ranked column of a field:
 *   0  the field itself: its name, its label, the plain English or French
 *      words ("Email", "Email address" — so Outlook's "E-mail Address" —,
 *      "Courriel", "Phone", "Place", "Matricule");
 *   1  the main column of an export layout for it (Outlook "Business
 *      Phone", Thunderbird "Primary Email" and "Work Phone", Google "E-mail
 *      1 - Value", "Office Location", "Display Name" for the full name);
 *   2  a second choice (Business Phone 2, Secondary Email, E-mail 2, Google's
 *      untyped "Phone 1 - Value", a generic "Location");
 *   3  a last resort (a third e-mail, a mobile phone: a mailroom calls the
 *      office first; Phone 2/3 of Google).
 * Home phones and addresses are deliberately not matched: a mailroom has
 * no business calling people at home. */

typedef struct
{
  const char *header;
  const char *field;
  int priority;
} Alias;

static const MrImportField contact_fields[] = {
  { "first_name", N_ ("First name") },
  { "last_name", N_ ("Last name") },
  { "full_name", N_ ("Full name") },
  { "email", N_ ("Email") },
  { "phone", N_ ("Phone") },
  { "personnel_id", N_ ("Personnel ID") },
  { "employee_id", N_ ("Employee ID") },
  { "department", N_ ("Department") },
  { "place", N_ ("Place") },
  { "notes", N_ ("Notes") },
  { "needs_accessibility", N_ ("Needs accessible lockers") },
  { "is_private", N_ ("Private") },
};

static const MrImportField place_fields[] = {
  { "site", N_ ("Site") },   { "building", N_ ("Building") },
  { "floor", N_ ("Floor") }, { "mail_stop", N_ ("Mail stop") },
  { "code", N_ ("Code") },   { "location", N_ ("Location") },
};

static const MrImportField org_fields[] = {
  { "enterprise", N_ ("Enterprise") },
  { "division", N_ ("Division") },
  { "location", N_ ("Location") },
  { "code", N_ ("Code") },
};

/* Not translatable: these are what files contain, in whatever language. */
static const Alias contact_aliases[] = {
  /* first name */
  { "First", "first_name", 0 },
  { "Forename", "first_name", 0 },
  { "Given name", "first_name", 0 }, /* Google (old) */
  { "Prénom", "first_name", 0 },     /* Outlook FR, Thunderbird FR */
  /* last name */
  { "Last", "last_name", 0 },
  { "Surname", "last_name", 0 },
  { "Family name", "last_name", 0 },    /* Google (old) */
  { "Nom", "last_name", 0 },            /* Outlook FR */
  { "Nom de famille", "last_name", 0 }, /* Thunderbird FR */
  /* full name: used by the importer only without first and last name */
  { "Name", "full_name", 1 },         /* Google (old) */
  { "Display name", "full_name", 1 }, /* Thunderbird */
  { "Nom complet", "full_name", 0 },
  { "Nom et prénom", "full_name", 0 },
  { "Prénom et nom", "full_name", 0 },
  { "Prénom Nom", "full_name", 0 },
  { "Nom Prénom", "full_name", 0 },
  { "Nom à afficher", "full_name", 1 }, /* Thunderbird FR */
  { "Nom d’affichage", "full_name", 1 },
  /* email */
  { "E-mail", "email", 0 },
  { "Mail", "email", 0 },
  { "Email address", "email", 0 }, /* also Outlook's "E-mail Address" */
  { "Courriel", "email", 0 },
  { "Adresse courriel", "email", 0 },
  { "Adresse e-mail", "email", 0 },
  { "Adresse mail", "email", 0 },
  { "Adresse électronique", "email", 0 },
  { "E-mail 1 - Value", "email", 1 }, /* Google */
  { "Primary Email", "email", 1 },    /* Thunderbird */
  { "Work email", "email", 1 },
  { "Adresse de messagerie", "email", 1 },           /* Outlook FR */
  { "Adresse électronique principale", "email", 1 }, /* Thunderbird FR */
  { "E-mail 2 Address", "email", 2 },
  { "E-mail 2 - Value", "email", 2 },
  { "Secondary Email", "email", 2 },
  { "Adresse de messagerie 2", "email", 2 },
  { "Adresse électronique secondaire", "email", 2 },
  { "E-mail 3 Address", "email", 3 },
  { "E-mail 3 - Value", "email", 3 },
  { "Adresse de messagerie 3", "email", 3 },
  /* phone */
  { "Telephone", "phone", 0 },
  { "Téléphone", "phone", 0 },
  { "Tel", "phone", 0 },
  { "Phone number", "phone", 0 },
  { "Numéro de téléphone", "phone", 0 },
  { "Business Phone", "phone", 1 }, /* Outlook */
  { "Work Phone", "phone", 1 },     /* Thunderbird */
  { "Office phone", "phone", 1 },
  { "Téléphone (bureau)", "phone", 1 }, /* Outlook FR */
  { "Tél. professionnel", "phone", 1 }, /* Thunderbird FR */
  { "Téléphone professionnel", "phone", 1 },
  { "Business Phone 2", "phone", 2 },
  { "Téléphone 2 (bureau)", "phone", 2 },
  { "Phone 1 - Value", "phone", 2 }, /* Google: its type is in another column */
  { "Mobile Phone", "phone", 3 },    /* Outlook */
  { "Mobile Number", "phone", 3 },   /* Thunderbird */
  { "Mobile", "phone", 3 },
  { "Cell phone", "phone", 3 },
  { "Tél. mobile", "phone", 3 }, /* Outlook FR */
  { "Téléphone mobile", "phone", 3 },
  { "Portable", "phone", 3 }, /* Thunderbird FR */
  { "Téléphone portable", "phone", 3 },
  { "Phone 2 - Value", "phone", 3 },
  { "Phone 3 - Value", "phone", 3 },
  /* personnel ID: the badge or smart-card number */
  { "Personnel number", "personnel_id", 0 },
  { "Personnel No", "personnel_id", 0 },
  { "Badge number", "personnel_id", 0 },
  { "Badge ID", "personnel_id", 0 },
  { "Identifiant personnel", "personnel_id", 0 },
  { "ID personnel", "personnel_id", 0 },
  { "Numéro de badge", "personnel_id", 0 },
  { "N° de badge", "personnel_id", 0 },
  { "Badge", "personnel_id", 1 },
  { "Card number", "personnel_id", 1 },
  { "Numéro de carte", "personnel_id", 1 },
  /* employee ID (French: matricule) */
  { "Employee number", "employee_id", 0 },
  { "Employee No", "employee_id", 0 },
  { "Matricule", "employee_id", 0 },
  { "N° d’employé", "employee_id", 0 },
  { "N° employé", "employee_id", 0 },
  { "Numéro d’employé", "employee_id", 0 },
  { "Numéro de matricule", "employee_id", 0 },
  { "Organizational ID Number", "employee_id", 1 },                  /* Outlook */
  { "Numéro d’identification de l’organisation", "employee_id", 1 }, /* Outlook FR */
  /* department */
  { "Dept", "department", 0 },
  { "Service", "department", 0 }, /* Outlook FR, Thunderbird FR */
  { "Département", "department", 0 },
  { "Organization 1 - Department", "department", 1 }, /* Google (old) */
  { "Organization Department", "department", 1 },     /* Google (new) */
  /* place: a place path or code */
  { "Lieu", "place", 0 },
  { "Delivery place", "place", 0 },
  { "Lieu de livraison", "place", 0 },
  { "Place code", "place", 1 },
  { "Code lieu", "place", 1 },
  { "Mail stop", "place", 1 },
  { "Point de distribution", "place", 1 },
  { "Office Location", "place", 1 }, /* Outlook */
  { "Office", "place", 1 },
  { "Bureau", "place", 1 }, /* Outlook FR */
  { "Location", "place", 2 },
  { "Emplacement", "place", 2 },
  { "Localisation", "place", 2 },
  { "Organization 1 - Location", "place", 2 }, /* Google (old) */
  { "Organization Location", "place", 2 },     /* Google (new) */
  /* notes */
  { "Note", "notes", 0 },
  { "Comments", "notes", 0 },
  { "Comment", "notes", 0 },
  { "Remarques", "notes", 0 },
  { "Remarque", "notes", 0 },
  { "Commentaires", "notes", 0 },
  { "Commentaire", "notes", 0 },
  { "Observations", "notes", 0 },
  /* accessible lockers, yes/no */
  { "Needs accessibility", "needs_accessibility", 0 },
  { "Accessible lockers", "needs_accessibility", 0 },
  { "Accessible locker", "needs_accessibility", 0 },
  { "Accessibility", "needs_accessibility", 0 },
  { "Accessible", "needs_accessibility", 0 },
  { "Accessibilité", "needs_accessibility", 0 },
  /* private contacts */
  { "Private contact", "is_private", 0 },
  { "Privé", "is_private", 0 },
  { "Contact privé", "is_private", 0 },
  { "Casier accessible", "needs_accessibility", 0 },
  { "Casiers accessibles", "needs_accessibility", 0 },
  { "Besoin d’un casier accessible", "needs_accessibility", 0 },
  { "Besoin de casiers accessibles", "needs_accessibility", 0 },
  { "PMR", "needs_accessibility", 1 }, /* personne à mobilité réduite */
  { "Mobilité réduite", "needs_accessibility", 1 },
};

static const Alias place_aliases[] = {
  { "Campus", "site", 1 },
  { "Bâtiment", "building", 0 },
  { "Bât.", "building", 1 },
  { "Immeuble", "building", 1 },
  { "Étage", "floor", 0 },
  { "Level", "floor", 1 },
  { "Storey", "floor", 1 },
  { "Niveau", "floor", 1 },
  { "Point de distribution", "mail_stop", 0 },
  { "Mail drop", "mail_stop", 1 },
  { "Code postal interne", "mail_stop", 1 },
  { "Arrêt courrier", "mail_stop", 1 },
  { "Room", "mail_stop", 2 },
  { "Office", "mail_stop", 2 },
  { "Bureau", "mail_stop", 2 },
  { "Salle", "mail_stop", 2 },
  { "Place code", "code", 0 },
  { "Code lieu", "code", 0 },
  { "Code du lieu", "code", 0 },
  { "Mail stop code", "code", 1 },
  { "Implantation", "location", 0 },
  { "Localisation", "location", 0 },
  { "Organisation location", "location", 0 },
  { "Organization location", "location", 0 },
};

static const Alias org_aliases[] = {
  { "Entreprise", "enterprise", 0 },   { "Company", "enterprise", 1 },
  { "Organization", "enterprise", 1 }, { "Organisation", "enterprise", 1 },
  { "Société", "enterprise", 1 },      { "Business unit", "division", 1 },
  { "Direction", "division", 1 },      { "Implantation", "location", 0 },
  { "Localisation", "location", 0 },   { "Site", "location", 1 },
  { "Établissement", "location", 1 },  { "Location code", "code", 1 },
  { "Code implantation", "code", 1 },
};

typedef struct
{
  const char *field;
  int priority;
} Match;

static const struct
{
  const char *name;
  const MrImportField *fields;
  guint n_fields;
  const Alias *aliases;
  guint n_aliases;
} kinds[] = {
  [MR_IMPORT_CONTACTS] = { "contacts", contact_fields, G_N_ELEMENTS (contact_fields),
                           contact_aliases, G_N_ELEMENTS (contact_aliases) },
  [MR_IMPORT_PLACES] = { "places", place_fields, G_N_ELEMENTS (place_fields), place_aliases,
                         G_N_ELEMENTS (place_aliases) },
  [MR_IMPORT_ORG] = { "org", org_fields, G_N_ELEMENTS (org_fields), org_aliases,
                      G_N_ELEMENTS (org_aliases) },
};

static gboolean
kind_is_valid (MrImportKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kinds);
}

gboolean
mr_import_kind_from_string (const char *name, MrImportKind *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (name, kinds[i].name) == 0)
      {
        *out = (MrImportKind) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "organisation") == 0 ||
      g_ascii_strcasecmp (name, "organization") == 0)
    {
      *out = MR_IMPORT_ORG;
      return TRUE;
    }
  return FALSE;
}

const char *
mr_import_kind_to_string (MrImportKind kind)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);
  return kinds[kind].name;
}

gboolean
mr_import_mode_from_string (const char *name, MrImportMode *out)
{
  static const char *const modes[] = {
    [MR_IMPORT_MODE_ADD] = "add",
    [MR_IMPORT_MODE_UPDATE] = "update",
    [MR_IMPORT_MODE_REPLACE] = "replace",
  };

  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_ascii_strcasecmp (name, modes[i]) == 0)
      {
        *out = (MrImportMode) i;
        return TRUE;
      }
  return FALSE;
}

const MrImportField *
mr_import_get_fields (MrImportKind kind, guint *n_fields)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  if (n_fields != NULL)
    *n_fields = kinds[kind].n_fields;
  return kinds[kind].fields;
}

/* The comparison key: folded (lower case, no accents, compatibility forms
 * decomposed so "ﬁ" or "N°" behave) and only letters and digits kept. */
static char *
header_key (const char *header)
{
  g_autofree char *folded = mr_text_fold (header);
  char *key = g_malloc (strlen (folded) + 1);
  char *k = key;

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 ? g_ascii_isalnum (c) : g_unichar_isalnum (c))
        k += g_unichar_to_utf8 (c, k);
    }
  *k = '\0';
  return key;
}

static void
add_key (GHashTable *table, const char *header, const char *field, int priority)
{
  char *key = header_key (header);
  Match *match;

  /* The first entry of a key wins: the fields' own names and labels, then
   * the translated labels, then the aliases above. */
  if (key[0] == '\0' || g_hash_table_contains (table, key))
    {
      g_free (key);
      return;
    }
  match = g_new (Match, 1);
  match->field = field;
  match->priority = priority;
  g_hash_table_insert (table, key, match);
}

static GHashTable *
build_table (MrImportKind kind)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < kinds[kind].n_fields; i++)
    {
      add_key (table, kinds[kind].fields[i].name, kinds[kind].fields[i].name, 0);
      add_key (table, kinds[kind].fields[i].label, kinds[kind].fields[i].name, 0);
    }
  /* The template is written with the translated labels, so they must come
   * back to their field in whatever language the application runs in. */
  for (guint i = 0; i < kinds[kind].n_fields; i++)
    add_key (table, _ (kinds[kind].fields[i].label), kinds[kind].fields[i].name, 0);
  for (guint i = 0; i < kinds[kind].n_aliases; i++)
    add_key (table, kinds[kind].aliases[i].header, kinds[kind].aliases[i].field,
             kinds[kind].aliases[i].priority);
  return table;
}

static const Match *
lookup (MrImportKind kind, const char *header)
{
  static GHashTable *tables[G_N_ELEMENTS (kinds)];
  static gsize initialized = 0;
  g_autofree char *key = NULL;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        tables[i] = build_table ((MrImportKind) i);
      g_once_init_leave (&initialized, 1);
    }
  key = header_key (header);
  return g_hash_table_lookup (tables[kind], key);
}

const char *
mr_import_match_header (MrImportKind kind, const char *header)
{
  const Match *match;

  g_return_val_if_fail (kind_is_valid (kind), NULL);

  if (header == NULL)
    return NULL;
  match = lookup (kind, header);
  return match != NULL ? match->field : NULL;
}

/* How good a name @header is for the field it matches: lower is better
 * (see the priorities at the top of this file); G_MAXINT when it matches
 * no field. */
int
mr_import_header_priority (MrImportKind kind, const char *header)
{
  const Match *match;

  g_return_val_if_fail (kind_is_valid (kind), G_MAXINT);

  if (header == NULL)
    return G_MAXINT;
  match = lookup (kind, header);
  return match != NULL ? match->priority : G_MAXINT;
}

char *
mr_import_template (MrImportKind kind)
{
  g_autofree const char **labels = NULL;
  GString *out;

  g_return_val_if_fail (kind_is_valid (kind), NULL);

  labels = g_new (const char *, kinds[kind].n_fields);
  for (guint i = 0; i < kinds[kind].n_fields; i++)
    labels[i] = _ (kinds[kind].fields[i].label);
  out = g_string_new (NULL);
  mr_csv_append_record (out, labels, kinds[kind].n_fields, ',');
  return g_string_free (out, FALSE);
}
