/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fills a database with synthetic contacts for the benchmarks, through the
 * same mutations the app uses (contact.create in one batch).
 *
 * Only a fallback: run-all.sh prefers `mailroom-cli demo`, the generator
 * users get, and uses this when the CLI has no demo command (a fresh
 * tree, or a build without the CLI). The names mix French accents,
 * apostrophes and common international surnames so that prefixes collide
 * the way real directories do ("du" hits Dupont, Durand, Dubois…). */

#include "config.h"

#include <stdlib.h>

#include "mr-store.h"
#include "mr-text.h"

static const char *first_names[] = {
  "Adèle",    "Agnès",     "Alain",     "Alexandre", "Alice",    "Amélie",  "Anaïs",
  "André",    "Anne",      "Antoine",   "Aurélie",   "Benoît",   "Bernard", "Camille",
  "Caroline", "Catherine", "Cécile",    "Céline",    "Charles",  "Chloé",   "Christophe",
  "Claire",   "Clément",   "Daniel",    "David",     "Denis",    "Didier",  "Dominique",
  "Édouard",  "Élise",     "Élodie",    "Émilie",    "Emma",     "Éric",    "Étienne",
  "Fabien",   "Florence",  "François",  "Françoise", "Frédéric", "Gaëlle",  "Geneviève",
  "Georges",  "Gérard",    "Guillaume", "Hélène",    "Henri",    "Hugo",    "Inès",
  "Isabelle", "Jacques",   "Jean",      "Jérôme",    "Joël",     "Julie",   "Julien",
  "Karim",    "Laura",     "Laurent",   "Léa",       "Léon",     "Loïc",    "Louis",
  "Lucas",    "Lucie",     "Manon",     "Marc",      "Marie",    "Mathieu", "Maxime",
  "Michel",   "Mohamed",   "Nathalie",  "Nicolas",   "Noël",     "Océane",  "Olivier",
  "Pascal",   "Patrick",   "Paul",      "Philippe",  "Pierre",   "Raphaël", "Rémi",
  "Sandrine", "Sébastien", "Sophie",    "Stéphane",  "Sylvie",   "Thérèse", "Thomas",
  "Valérie",  "Véronique", "Vincent",   "Yves",      "Zoé",      "Aiko",    "Björn",
  "Carlos",   "Dmitri",    "Fatima",    "Giulia",    "Hans",     "Ingrid",  "João",
  "Kenji",    "Lars",      "Mei",       "Nadia",     "Olga",     "Priya",   "Rafael",
  "Siobhan",  "Tomasz",    "Wei",       "Yasmine",
};

static const char *last_names[] = {
  "Martin",       "Bernard",    "Thomas",   "Petit",       "Robert",    "Richard",   "Durand",
  "Dubois",       "Moreau",     "Laurent",  "Simon",       "Michel",    "Lefèvre",   "Leroy",
  "Roux",         "David",      "Bertrand", "Morel",       "Fournier",  "Girard",    "Bonnet",
  "Dupont",       "Lambert",    "Fontaine", "Rousseau",    "Vincent",   "Muller",    "Lefebvre",
  "Faure",        "André",      "Mercier",  "Blanc",       "Guérin",    "Boyer",     "Garnier",
  "Chevalier",    "François",   "Legrand",  "Gauthier",    "Garcia",    "Perrin",    "Robin",
  "Clément",      "Morin",      "Nicolas",  "Henry",       "Roussel",   "Mathieu",   "Gautier",
  "Masson",       "Marchand",   "Duval",    "Denis",       "Dumont",    "Marie",     "Lemaire",
  "Noël",         "Meyer",      "Dufour",   "Meunier",     "Brun",      "Blanchard", "Giraud",
  "Joly",         "Rivière",    "Lucas",    "Brunet",      "Gaillard",  "Barbier",   "Arnaud",
  "Martinez",     "Gérard",     "Roche",    "Renard",      "Schmitt",   "Roy",       "Leroux",
  "Colin",        "Vidal",      "Caron",    "Picard",      "Roger",     "Fabre",     "Aubert",
  "Lemoine",      "Renaud",     "Dumas",    "Lacroix",     "Olivier",   "Philippe",  "Bourgeois",
  "Pierre",       "Benoît",     "Rey",      "Leclerc",     "Payet",     "Rolland",   "Leclercq",
  "Guillaume",    "Lecomte",    "Lopez",    "Jean",        "Dupuy",     "Guillot",   "Hubert",
  "Berger",       "Carpentier", "Sanchez",  "Dupuis",      "Moulin",    "Louis",     "Deschamps",
  "Huet",         "Vasseur",    "Perez",    "Boucher",     "Fleury",    "Royer",     "Klein",
  "Jacquet",      "Adam",       "Paris",    "Poirier",     "Marty",     "Aubry",     "Guyot",
  "Carré",        "Charles",    "Renault",  "Charpentier", "Ménard",    "Maillard",  "Baron",
  "Bertin",       "Bailly",     "Hervé",    "Schneider",   "Fernandez", "Le Gall",   "Collet",
  "Léger",        "Bouvier",    "Julien",   "Prévost",     "Millet",    "Perrot",    "Daniel",
  "Le Roux",      "Cousin",     "Germain",  "Breton",      "Besson",    "Langlois",  "Rémy",
  "Le Goff",      "Pelletier",  "Lévêque",  "Perrier",     "Leblanc",   "Barré",     "Lebrun",
  "Marchal",      "Weber",      "Mallet",   "Hamon",       "Boulanger", "Jacob",     "Monnier",
  "Michaud",      "Rodriguez",  "Guichard", "Gillet",      "Étienne",   "Grondin",   "Poulain",
  "Tessier",      "Chevallier", "Collin",   "Chauvin",     "Da Silva",  "Bouchet",   "Gay",
  "Lemaître",     "Bénard",     "Maréchal", "Humbert",     "Reynaud",   "Antoine",   "Hoarau",
  "Perret",       "Barthélemy", "Cordier",  "Pichon",      "Lejeune",   "Gilbert",   "Lamy",
  "Delaunay",     "Pasquier",   "Carlier",  "Laporte",     "O'Brien",   "D'Angelo",  "Nguyen",
  "Tran",         "Kowalski",   "Müller",   "Schäfer",     "Sørensen",  "Åberg",     "Yılmaz",
  "Papadopoulos", "Tanaka",     "Suzuki",   "Kim",         "Park",      "Singh",     "Patel",
  "Haddad",       "Benali",     "Mendes",   "Rossi",       "Russo",     "Ferrari",   "Esposito",
  "Bianchi",      "Novák",
};

static const char *domains[] = { "example.org", "example.com", "example.net" };

static char *
ascii_local (const char *text)
{
  g_autofree char *folded = mr_text_fold (text);
  GString *s = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MrStore) store = NULL;
  g_autoptr (GRand) rand = NULL;
  guint n, seed;

  if (argc != 4)
    {
      g_printerr ("usage: %s DB N_CONTACTS SEED\n", argv[0]);
      return 2;
    }
  n = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  seed = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  rand = g_rand_new_with_seed (seed);

  store = mr_store_open (argv[1], &error);
  if (store == NULL || !mr_store_begin_batch (store, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      g_autofree char *lf = ascii_local (first);
      g_autofree char *ll = ascii_local (last);
      g_autofree char *email = g_strdup_printf ("%s.%s%u@%s", lf, ll, i, domains[i % 3]);
      g_autofree char *pid = g_strdup_printf ("P%06u", i + 1);
      g_autofree char *eid = g_strdup_printf ("E%07u", g_rand_int_range (rand, 0, 10000000));
      g_autofree char *phone =
        g_strdup_printf ("+33 1 %02d %02d %02d %02d", g_rand_int_range (rand, 0, 100),
                         g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 100),
                         g_rand_int_range (rand, 0, 100));
      g_auto (GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
      g_autofree char *id = NULL;

      g_variant_dict_insert (&dict, "first_name", "s", first);
      g_variant_dict_insert (&dict, "last_name", "s", last);
      g_variant_dict_insert (&dict, "email", "s", email);
      g_variant_dict_insert (&dict, "phone", "s", phone);
      g_variant_dict_insert (&dict, "personnel_id", "s", pid);
      g_variant_dict_insert (&dict, "employee_id", "s", eid);
      if (g_rand_int_range (rand, 0, 20) == 0)
        g_variant_dict_insert (&dict, "notes", "s", "Livraison à l'accueil");
      if (!mr_store_apply (store, "contact.create", g_variant_dict_end (&dict), &id, &error))
        {
          g_printerr ("contact %u: %s\n", i, error->message);
          mr_store_end_batch (store, FALSE, NULL);
          return 1;
        }
    }

  if (!mr_store_end_batch (store, TRUE, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }
  return 0;
}
