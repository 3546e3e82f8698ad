/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mr-demo-data.h"

/* Demo data is a fictional bilingual company, so its names are data, not
 * interface text: they are not translated. Accents, apostrophes, hyphens
 * and spaces are there on purpose, to exercise search and sorting. */

static const char *const first_names_fr[] = {
  "Hélène",        "Zoé",         "Émile",    "François", "Gaëlle",   "Loïc",     "Agnès",
  "Jérôme",        "Camille",     "Léa",      "Chloé",    "Inès",     "Manon",    "Céline",
  "Amélie",        "Élodie",      "Noémie",   "Mathilde", "Clémence", "Margaux",  "Solène",
  "Anaïs",         "Maëlle",      "Océane",   "Léonie",   "Bérénice", "Joëlle",   "Raphaëlle",
  "Marie-Claire",  "Anne-Sophie", "Sophie",   "Isabelle", "Nathalie", "Sylvie",   "Valérie",
  "Aurélie",       "Juliette",    "Louise",   "Alice",    "Jeanne",   "Jean",     "Jean-Luc",
  "Jean-Baptiste", "Pierre",      "Nicolas",  "Julien",   "Thomas",   "Antoine",  "Mathieu",
  "Sébastien",     "Frédéric",    "Stéphane", "Benoît",   "Rémi",     "Grégoire", "Théo",
  "Hugo",          "Lucas",       "Gaël",     "Noël",     "Hervé",    "René",     "André",
  "Célestin",      "Bastien",     "Maxime",   "Yannick",  "Cédric",   "Jérémie",  "Joël",
  "Raphaël",       "Mickaël",     "Thibault", "Étienne",  "Clément",  "Adrien",   "Françoise",
  "Geneviève",     "Thérèse",     "Ségolène"
};
const MrDemoList mr_demo_first_names_fr = { first_names_fr, G_N_ELEMENTS (first_names_fr) };

static const char *const first_names_en[] = {
  "James",    "Oliver",  "Harry",     "George",   "Jack",    "William", "Thomas", "Charlie",
  "Henry",    "Samuel",  "Daniel",    "Matthew",  "Liam",    "Noah",    "Ethan",  "Ryan",
  "Seán",     "Patrick", "Connor",    "Emily",    "Olivia",  "Amelia",  "Isla",   "Ava",
  "Jessica",  "Sophie",  "Charlotte", "Grace",    "Lily",    "Hannah",  "Chloe",  "Ella",
  "Emma",     "Lucy",    "Sarah",     "Rachel",   "Siobhán", "Niamh",   "Aoife",  "Catherine",
  "Margaret", "Eleanor", "Rebecca",   "Victoria", "Rosie",   "Amir",    "Priya",  "Ravi",
  "Aisha",    "Fatima",  "Mohammed",  "Wei",      "Mei",     "Yuki",    "Kenji",  "Zoë",
  "Chiara",   "Giulia",  "Lukas",     "Jürgen",   "Søren",   "Björn",   "José",   "María",
  "Ángel",    "Nuno",    "João",      "Dorothy",  "Edmund",  "Imogen"
};
const MrDemoList mr_demo_first_names_en = { first_names_en, G_N_ELEMENTS (first_names_en) };

static const char *const last_names_fr[] = {
  "Dupont",         "Lefèvre",  "Martin",    "Bernard",    "Dubois",     "Thomas",    "Robert",
  "Richard",        "Petit",    "Durand",    "Leroy",      "Moreau",     "Simon",     "Laurent",
  "Lefebvre",       "Michel",   "Garcia",    "David",      "Bertrand",   "Roux",      "Vincent",
  "Fournier",       "Morel",    "Girard",    "André",      "Mercier",    "Blanc",     "Guérin",
  "Boyer",          "Garnier",  "Chevalier", "François",   "Legrand",    "Gauthier",  "Perrin",
  "Robin",          "Clément",  "Morin",     "Nicolas",    "Henry",      "Roussel",   "Mathieu",
  "Gautier",        "Masson",   "Marchand",  "Duval",      "Denis",      "Dumont",    "Lemaire",
  "Noël",           "Meyer",    "Dufour",    "Meunier",    "Brun",       "Blanchard", "Giraud",
  "Joly",           "Rivière",  "Lucas",     "Brunet",     "Gaillard",   "Barbier",   "Arnaud",
  "Gérard",         "Roche",    "Renard",    "Schmitt",    "Roy",        "Leroux",    "Colin",
  "Vidal",          "Caron",    "Picard",    "Roger",      "Fabre",      "Aubert",    "Lemoine",
  "Renaud",         "Dumas",    "Lacroix",   "Olivier",    "Philippe",   "Bourgeois", "Pierre",
  "Benoît",         "Rey",      "Leclerc",   "Payet",      "Rolland",    "Leclercq",  "Guillaume",
  "Lecomte",        "Lopez",    "Dupuis",    "Guillot",    "Hubert",     "Berger",    "Carpentier",
  "Sanchez",        "Moulin",   "Louis",     "Deschamps",  "Huet",       "Vasseur",   "Perez",
  "Boucher",        "Fleury",   "Royer",     "Klein",      "Jacquet",    "Adam",      "Poirier",
  "Marty",          "Aubry",    "Guyot",     "Carré",      "Charles",    "Renault",   "Charpentier",
  "Ménard",         "Maillard", "Baron",     "Bertin",     "Bailly",     "Hervé",     "Schneider",
  "Fernandez",      "Le Gall",  "Collet",    "Léger",      "Bouvier",    "Julien",    "Prévost",
  "Millet",         "Perrot",   "Daniel",    "Le Roux",    "Cousin",     "Germain",   "Breton",
  "Besson",         "Langlois", "Rémy",      "Le Goff",    "Pelletier",  "Lévêque",   "Perrier",
  "Leblanc",        "Barré",    "Lebrun",    "Marchal",    "Weber",      "Mallet",    "Hamon",
  "Boulanger",      "Jacob",    "Monnier",   "Michaud",    "Rodriguez",  "Guichard",  "Gillet",
  "Étienne",        "Grondin",  "Poulain",   "Tessier",    "Chevallier", "Collin",    "Chauvin",
  "Da Silva",       "Bouchet",  "Lemaître",  "Bénard",     "Maréchal",   "Humbert",   "Reynaud",
  "Antoine",        "Hoarau",   "Perret",    "Barthélemy", "Cordier",    "Pichon",    "Lejeune",
  "Gilbert",        "Lamy",     "Delaunay",  "Pasquier",   "Carlier",    "Laporte",   "Müller",
  "Martin-Lefèvre", "Côté",     "Mégret",    "d'Arcy",     "N'Diaye",    "Diallo",    "Nguyen",
  "Benali",         "Haddad"
};
const MrDemoList mr_demo_last_names_fr = { last_names_fr, G_N_ELEMENTS (last_names_fr) };

static const char *const last_names_en[] = {
  "Smith",      "O'Brien",     "Jones",     "Williams", "Taylor",    "Brown",    "Davies",
  "Evans",      "Wilson",      "Johnson",   "Robinson", "Wright",    "Thompson", "White",
  "Walker",     "Hughes",      "Edwards",   "Green",    "Hall",      "Wood",     "Harris",
  "Lewis",      "Martin",      "Jackson",   "Clarke",   "Clark",     "Turner",   "Hill",
  "Scott",      "Cooper",      "Morris",    "Ward",     "Moore",     "King",     "Watson",
  "Baker",      "Harrison",    "Morgan",    "Patel",    "Young",     "Allen",    "Mitchell",
  "James",      "Anderson",    "Phillips",  "Lee",      "Bell",      "Parker",   "Davis",
  "Murphy",     "O'Connor",    "O'Neill",   "McCarthy", "MacDonald", "Kelly",    "Khan",
  "Singh",      "Shah",        "Chen",      "Wang",     "Kowalski",  "Nowak",    "Novák",
  "Schmidt",    "Fischer",     "Weiß",      "Rossi",    "Russo",     "Ferrari",  "Esposito",
  "Bianchi",    "González",    "Fernández", "Pérez",    "Sánchez",   "Silva",    "Santos",
  "Fitzgerald", "Ashworth",    "Brontë",    "Doyle",    "Gallagher", "Byrne",    "Okafor",
  "Mensah",     "Van der Berg"
};
const MrDemoList mr_demo_last_names_en = { last_names_en, G_N_ELEMENTS (last_names_en) };

static const char *const notes[] = {
  "Part-time: Monday to Wednesday.",
  "Mi-temps : présent le matin uniquement.",
  "Works from home on Fridays.",
  "En télétravail le vendredi.",
  "Prefers packages to be left with the department's key contact.",
  "Colis volumineux : prévenir par téléphone.",
  "Temporary badge until the end of the month.",
  "Badge provisoire jusqu'à la fin du mois.",
  "On parental leave until next quarter.",
  "Reçoit souvent des échantillons fragiles."
};
const MrDemoList mr_demo_notes = { notes, G_N_ELEMENTS (notes) };

static const char *const accessibility_notes[] = {
  "Wheelchair user: lockers between 38 and 122 cm only.",
  "Fauteuil roulant : casiers entre 38 et 122 cm uniquement.", "Limited reach: no top rows.",
  "Ne peut pas se baisser : pas de casier en bas."
};
const MrDemoList mr_demo_accessibility_notes = { accessibility_notes,
                                                 G_N_ELEMENTS (accessibility_notes) };

const char *const mr_demo_enterprise = "Groupe Méridien";

const MrDemoDivision mr_demo_divisions[MR_DEMO_N_DIVISIONS] = {
  { "Opérations France", { "Paris – La Défense", "Lyon Part-Dieu" } },
  { "UK & Ireland Operations", { "London – Canary Wharf", "Dublin Docklands" } },
  { "Services partagés", { "Lille Euratechnologies", NULL } },
};

const MrDemoSite mr_demo_sites[MR_DEMO_N_SITES] = {
  {
    "HQ Paris",
    "PAR",
    { "Bâtiment A", "Bâtiment B", "Bâtiment C" },
    { 'A', 'B', 'C' },
    "Rez-de-chaussée",
    "Paris – La Défense",
    TRUE,
  },
  {
    "London Office",
    "LON",
    { "North Wing", "South Wing", "East Wing" },
    { 'N', 'S', 'E' },
    "Ground Floor",
    "London – Canary Wharf",
    FALSE,
  },
};

const MrDemoDepartment mr_demo_departments[MR_DEMO_N_DEPARTMENTS] = {
  { "Finance", 8, 0 }, { "Ressources humaines", 6, 0 }, { "IT", 12, 0 },
  { "Legal", 4, 1 },   { "Marketing", 8, 0 },           { "Logistique", 10, 0 },
  { "R&D", 14, 0 },    { "Communication", 4, 0 },       { "Achats", 5, 0 },
  { "Sales", 16, 1 },  { "Customer Support", 10, 1 },   { "Direction générale", 3, 0 },
};

const char *const mr_demo_sizes[MR_DEMO_N_SIZES] = { "S", "M", "L", "XL" };

enum
{
  S,
  M,
  L,
  XL
};

/* Doors stacked from about 5 cm above the floor to about 190 cm, the
 * way locker walls are built: big doors low, small doors high. */
const MrDemoColumn mr_demo_columns[MR_DEMO_N_COLUMNS] = {
  /* mixed */
  { 6,
    { { XL, 60, 5 },
      { L, 40, 65 },
      { M, 25, 105 },
      { M, 25, 130 },
      { S, 15, 155 },
      { S, 15, 170 } } },
  /* medium */
  { 8,
    { { L, 40, 5 },
      { M, 25, 45 },
      { M, 25, 70 },
      { M, 25, 95 },
      { M, 25, 120 },
      { S, 15, 145 },
      { S, 15, 160 },
      { S, 15, 175 } } },
  /* small */
  { 11,
    { { M, 25, 5 },
      { M, 25, 30 },
      { S, 15, 55 },
      { S, 15, 70 },
      { S, 15, 85 },
      { S, 15, 100 },
      { S, 15, 115 },
      { S, 15, 130 },
      { S, 15, 145 },
      { S, 15, 160 },
      { S, 15, 175 } } },
  /* large */
  { 4, { { XL, 60, 5 }, { XL, 60, 65 }, { L, 40, 125 }, { M, 25, 165 } } },
};

/* The touch screen sits between 45 and 150 cm. */
const MrDemoColumn mr_demo_kiosk_column = { 3, { { L, 40, 5 }, { M, 25, 150 }, { S, 15, 175 } } };

/* Carriers and their tracking numbers, with the check digits each carrier
 * uses, so that a validating scanner accepts the demo labels. */

const char *
mr_demo_carrier_name (MrDemoCarrier carrier)
{
  static const char *const names[] = { "UPS", "FedEx", "USPS", "DHL", "Amazon" };

  g_return_val_if_fail (carrier < MR_DEMO_N_CARRIERS, NULL);
  return names[carrier];
}

MrDemoCarrier
mr_demo_pick_carrier (GRand *rand)
{
  /* UPS 25 %, FedEx 20 %, USPS 10 %, DHL 15 %, Amazon 30 % */
  static const guint cumulative[] = { 25, 45, 55, 70, 100 };
  guint r = (guint) g_rand_int_range (rand, 0, 100);

  for (guint i = 0; i < G_N_ELEMENTS (cumulative); i++)
    if (r < cumulative[i])
      return (MrDemoCarrier) i;
  return MR_DEMO_AMAZON;
}

const char *
mr_demo_pick_service (MrDemoCarrier carrier, GRand *rand)
{
  static const char *const ups[] = { "UPS Standard", "UPS Express Saver", "UPS Next Day Air" };
  static const char *const fedex[] = { "FedEx International Priority", "FedEx Priority Overnight",
                                       "FedEx Ground" };
  static const char *const usps[] = { "Priority Mail", "First-Class Package" };
  static const char *const dhl[] = { "DHL Express Worldwide", "DHL Express 12:00" };
  static const char *const amazon[] = { "Amazon Logistics" };

  switch (carrier)
    {
    case MR_DEMO_UPS:
      return ups[g_rand_int_range (rand, 0, G_N_ELEMENTS (ups))];
    case MR_DEMO_FEDEX:
      return fedex[g_rand_int_range (rand, 0, G_N_ELEMENTS (fedex))];
    case MR_DEMO_USPS:
      return usps[g_rand_int_range (rand, 0, G_N_ELEMENTS (usps))];
    case MR_DEMO_DHL:
      return dhl[g_rand_int_range (rand, 0, G_N_ELEMENTS (dhl))];
    case MR_DEMO_AMAZON:
    case MR_DEMO_N_CARRIERS:
    default:
      return amazon[0];
    }
}

static void
append_digits (GString *s, GRand *rand, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, (char) ('0' + g_rand_int_range (rand, 0, 10)));
}

/* Mod 10 with weights 3, 1, 3, … from the rightmost digit (USPS IMpb,
 * FedEx Ground). */
static char
mod10_31 (const char *digits, gsize len)
{
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    sum += (guint) (digits[len - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return (char) ('0' + (10 - sum % 10) % 10);
}

/* UPS: letters count as (code - 63) mod 10, digits in even positions
 * (1-based) count double. */
static char
ups_check (const char *s, gsize len)
{
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint v = g_ascii_isdigit (s[i]) ? (guint) (s[i] - '0') : (guint) (s[i] - 63) % 10;

      sum += (i % 2 == 1) ? 2 * v : v;
    }
  return (char) ('0' + (10 - sum % 10) % 10);
}

/* FedEx Express: weights 1, 3, 7, … from the rightmost digit, mod 11,
 * then mod 10. */
static char
fedex_check (const char *digits, gsize len)
{
  static const guint weights[] = { 1, 3, 7 };
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    sum += (guint) (digits[len - 1 - i] - '0') * weights[i % 3];
  return (char) ('0' + (sum % 11) % 10);
}

char *
mr_demo_tracking_number (MrDemoCarrier carrier, GRand *rand)
{
  static const char alnum[] = "0123456789ABCDEFGHJKLMNPRSTVWXYZ";
  static const char *const ups_services[] = { "01", "02", "03", "12", "13", "42", "66" };
  GString *s = g_string_new (NULL);

  switch (carrier)
    {
    case MR_DEMO_UPS:
      /* 1Z + shipper (6) + service (2) + package (7) + check */
      g_string_append (s, "1Z");
      for (guint i = 0; i < 6; i++)
        g_string_append_c (s, alnum[g_rand_int_range (rand, 0, sizeof alnum - 1)]);
      g_string_append (s, ups_services[g_rand_int_range (rand, 0, G_N_ELEMENTS (ups_services))]);
      append_digits (s, rand, 7);
      g_string_append_c (s, ups_check (s->str + 2, 15));
      break;
    case MR_DEMO_FEDEX:
      if (g_rand_boolean (rand))
        {
          /* Express: 11 digits + check */
          append_digits (s, rand, 11);
          g_string_append_c (s, fedex_check (s->str, 11));
        }
      else
        {
          /* Ground: 14 digits + check */
          append_digits (s, rand, 14);
          g_string_append_c (s, mod10_31 (s->str, 14));
        }
      break;
    case MR_DEMO_USPS:
      /* IMpb: 9400 1 + 16 digits + check = 22 digits */
      g_string_append (s, "94001");
      append_digits (s, rand, 16);
      g_string_append_c (s, mod10_31 (s->str, 21));
      break;
    case MR_DEMO_DHL:
      {
        /* Express waybill: 9 digits + (number mod 7) */
        guint64 n = 0;

        append_digits (s, rand, 9);
        for (guint i = 0; i < 9; i++)
          n = n * 10 + (guint64) (s->str[i] - '0');
        g_string_append_c (s, (char) ('0' + n % 7));
      }
      break;
    case MR_DEMO_AMAZON:
    case MR_DEMO_N_CARRIERS:
    default:
      g_string_append (s, "TBA");
      append_digits (s, rand, 12);
      break;
    }
  return g_string_free (s, FALSE);
}
