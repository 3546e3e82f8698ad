/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-node-tree-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "import/mr-export-task.h"
#include "mr-name-dialog.h"
#include "mr-node-tree-page.h"
#include "mr-records.h"
#include "mr-text.h"
#include "widgets/mr-gui-utils.h"

/* One page for both trees of the address book: the delivery places
 * (site → building → floor → mail stop) and the organisation (enterprise →
 * division → location). They differ only in the table below; the store
 * enforces the same rules on both (valid parents, unique names among
 * siblings, no deletion while in use). */

#define MAX_KINDS 4

typedef struct
{
  const char *kind;
  const char *parents[3]; /* kinds it may go under; none for the top level */
  const char *icon;
  const char *add_label;
  const char *new_title;
  const char *rename_title;
} KindDef;

typedef struct
{
  const char *tree;   /* the mutations' prefix: place.create, org.create… */
  const char *entity; /* what MrStore::changed calls it */
  GListModel *(*list) (MrStore *store);
  gboolean with_code;
  gboolean single_root;
  const char *list_label;
  const char *search_placeholder;
  const char *empty_icon;
  const char *empty_title;
  const char *empty_description;
  const char *empty_button;
  KindDef kinds[MAX_KINDS];
} TreeDef;

static const TreeDef tree_defs[] = {
  {
    "place",
    "place",
    mr_store_list_places,
    TRUE,
    FALSE,
    N_ ("Places"),
    N_ ("Search places"),
    "find-location-symbolic",
    N_ ("No Places Yet"),
    N_ ("Packages are delivered to places: sites, their buildings, floors and mail stops. Start "
        "with a site."),
    N_ ("_Add Site"),
    {
      { "site",
        { NULL },
        "find-location-symbolic",
        N_ ("Add Site"),
        N_ ("New Site"),
        N_ ("Rename Site") },
      { "building",
        { "site", NULL },
        "user-home-symbolic",
        N_ ("Add Building"),
        N_ ("New Building"),
        N_ ("Rename Building") },
      { "floor",
        { "building", NULL },
        "view-list-symbolic",
        N_ ("Add Floor"),
        N_ ("New Floor"),
        N_ ("Rename Floor") },
      { "mail_stop",
        { "floor", "building", NULL },
        "mail-send-symbolic",
        N_ ("Add Mail Stop"),
        N_ ("New Mail Stop"),
        N_ ("Rename Mail Stop") },
    },
  },
  {
    "org",
    "org_unit",
    mr_store_list_org_units,
    FALSE,
    TRUE,
    N_ ("Organisation"),
    N_ ("Search the organisation"),
    "network-workgroup-symbolic",
    N_ ("No Organisation Yet"),
    N_ ("Describe the enterprise, then its divisions and their locations."),
    N_ ("_Add Enterprise"),
    {
      { "enterprise",
        { NULL },
        "network-workgroup-symbolic",
        N_ ("Add Enterprise"),
        N_ ("New Enterprise"),
        N_ ("Rename Enterprise") },
      { "division",
        { "enterprise", NULL },
        "system-users-symbolic",
        N_ ("Add Division"),
        N_ ("New Division"),
        N_ ("Rename Division") },
      { "location",
        { "division", NULL },
        "find-location-symbolic",
        N_ ("Add Location"),
        N_ ("New Location"),
        N_ ("Rename Location") },
      { NULL },
    },
  },
};

struct _MrNodeTreePage
{
  AdwBin parent_instance;

  /* template widgets */
  GtkSearchEntry *search_entry;
  GtkMenuButton *add_button;
  GtkStack *stack;
  GtkListBox *list_box;
  AdwStatusPage *empty_page;
  GtkButton *empty_button;

  /* owned */
  MrStore *store;
  const TreeDef *def;
  GListStore *nodes;
  GHashTable *by_id;   /* id → MrNode, borrowed from nodes */
  GHashTable *visible; /* ids shown by the search, NULL without one */
  GHashTable *matches; /* ids that match it, a subset of visible */
  GtkFilterListModel *filtered;
  GMenu *add_menu;
  char *selected_id;
  guint n_add_items;
  guint refresh_id;
  gboolean refreshing;
};

G_DEFINE_FINAL_TYPE (MrNodeTreePage, mr_node_tree_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_TREE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const KindDef *
kind_def (const TreeDef *def, const char *kind)
{
  for (guint i = 0; i < MAX_KINDS && def->kinds[i].kind; i++)
    if (g_strcmp0 (def->kinds[i].kind, kind) == 0)
      return &def->kinds[i];
  return NULL;
}

static gboolean
kind_accepts_parent (const KindDef *k, const char *parent_kind)
{
  for (guint i = 0; k->parents[i]; i++)
    if (g_strcmp0 (k->parents[i], parent_kind) == 0)
      return TRUE;
  return FALSE;
}

static MrNode *
lookup (MrNodeTreePage *self, const char *id)
{
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

static MrNode *
selected_node (MrNodeTreePage *self)
{
  return lookup (self, self->selected_id);
}

/* Where a new node of kind @k goes: the nearest of the selection and its
 * ancestors that may contain it. So with a floor selected, “Add Mail Stop”
 * adds to that floor and “Add Floor” adds a sibling in its building. */
static MrNode *
resolve_parent (MrNodeTreePage *self, const KindDef *k)
{
  MrNode *node = selected_node (self);

  /* With a single top-level node (the enterprise) nothing is ambiguous. */
  if (node == NULL && self->def->single_root &&
      g_list_model_get_n_items (G_LIST_MODEL (self->nodes)) > 0)
    {
      g_autoptr (MrNode) root = g_list_model_get_item (G_LIST_MODEL (self->nodes), 0);

      node = lookup (self, mr_node_get_id (root));
    }
  for (; node != NULL; node = lookup (self, mr_node_get_parent_id (node)))
    if (kind_accepts_parent (k, mr_node_get_kind (node)))
      return node;
  return NULL;
}

static gboolean
has_root (MrNodeTreePage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->nodes)) > 0;
}

static void
show_error (MrNodeTreePage *self, const char *heading, const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  /* The store's message is translated and says what to do about it
   * (“… Move or delete it first, then try again.”): show it verbatim. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows */

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  MrNodeTreePage *self = user_data;
  MrNode *node = item;
  const KindDef *k = kind_def (self->def, mr_node_get_kind (node));
  const char *code = mr_node_get_code (node);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (k ? k->icon : "folder-symbolic");
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (mr_node_get_name (node));
  GtkWidget *kind = gtk_label_new (mr_node_get_kind_label (node));
  g_autofree char *a11y = NULL;

  /* Indentation shows the tree; the kind is spelled out as well, for
   * screen readers and for the colour-blind-to-whitespace. */
  gtk_widget_set_margin_start (box, 12 + 24 * (int) mr_node_get_depth (node));
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_add_css_class (kind, "caption");
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), kind);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  if (code != NULL && *code != '\0')
    {
      GtkWidget *code_label = gtk_label_new (code);

      gtk_widget_set_tooltip_text (code_label, _ ("Code"));
      gtk_widget_add_css_class (code_label, "dim-label");
      gtk_widget_add_css_class (code_label, "monospace");
      gtk_box_append (GTK_BOX (box), code_label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  if (code != NULL && *code != '\0')
    /* Translators: a place as a screen reader reads it: kind, name and code,
     * e.g. "Floor, Floor 2, code F2" */
    a11y = g_strdup_printf (_ ("%s, %s, code %s"), mr_node_get_kind_label (node),
                            mr_node_get_name (node), code);
  else
    /* Translators: kind and name, e.g. "Building, Main Building" */
    a11y = g_strdup_printf (_ ("%s, %s"), mr_node_get_kind_label (node), mr_node_get_name (node));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, mr_node_get_path (node), -1);
  g_object_set_data_full (G_OBJECT (row), "node-id", g_strdup (mr_node_get_id (node)), g_free);
  return row;
}

static gboolean
node_visible (gpointer item, gpointer user_data)
{
  MrNodeTreePage *self = user_data;

  return self->visible == NULL || g_hash_table_contains (self->visible, mr_node_get_id (item));
}

/* A search keeps the tree's shape: the matches are shown with their
 * ancestors, so “Floor 2” is seen in its building. */
static void
compute_visible (MrNodeTreePage *self)
{
  g_autofree char *key = mr_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->nodes));

  g_clear_pointer (&self->visible, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_hash_table_unref);
  g_strstrip (key);
  if (*key == '\0')
    return;

  self->visible = g_hash_table_new (g_str_hash, g_str_equal);
  self->matches = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MrNode) node = g_list_model_get_item (G_LIST_MODEL (self->nodes), i);
      g_autofree char *name = mr_text_fold (mr_node_get_name (node));
      g_autofree char *code = mr_text_fold (mr_node_get_code (node));

      if (strstr (name, key) == NULL && strstr (code, key) == NULL)
        continue;
      /* The ids belong to the nodes in self->nodes, which outlive the set. */
      g_hash_table_add (self->matches, (gpointer) mr_node_get_id (node));
      for (MrNode *up = lookup (self, mr_node_get_id (node)); up != NULL;
           up = lookup (self, mr_node_get_parent_id (up)))
        if (!g_hash_table_add (self->visible, (gpointer) mr_node_get_id (up)))
          break; /* its ancestors are in already */
    }
}

static void
update_stack (MrNodeTreePage *self)
{
  const char *page = "list";

  if (!has_root (self))
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* The kind a user most likely adds next: a child of the selection (a
 * floor in a building), or a sibling of a leaf (another mail stop). */
static const KindDef *
primary_kind (MrNodeTreePage *self)
{
  MrNode *node = selected_node (self);

  if (node == NULL)
    return NULL;
  for (guint i = 0; i < MAX_KINDS && self->def->kinds[i].kind; i++)
    if (g_strcmp0 (self->def->kinds[i].parents[0], mr_node_get_kind (node)) == 0)
      return &self->def->kinds[i];
  return kind_def (self->def, mr_node_get_kind (node));
}

static gboolean
kind_addable (MrNodeTreePage *self, const KindDef *k)
{
  if (k->parents[0] == NULL)
    return !(self->def->single_root && has_root (self));
  return resolve_parent (self, k) != NULL;
}

static void
append_add_item (GMenu *menu, const KindDef *k)
{
  g_autoptr (GMenuItem) item = g_menu_item_new (_ (k->add_label), NULL);

  g_menu_item_set_action_and_target (item, "tree.add", "s", k->kind);
  g_menu_append_item (menu, item);
}

/* Only the kinds that fit where the selection is, the likeliest first so
 * that Ctrl+N then Enter adds it. */
static void
rebuild_add_menu (MrNodeTreePage *self)
{
  const KindDef *primary = primary_kind (self);
  g_autoptr (GMenu) first = g_menu_new ();
  g_autoptr (GMenu) others = g_menu_new ();
  guint n = 0;

  if (primary != NULL && !kind_addable (self, primary))
    primary = NULL;
  if (primary != NULL)
    {
      append_add_item (first, primary);
      n++;
    }
  for (guint i = 0; i < MAX_KINDS && self->def->kinds[i].kind; i++)
    {
      const KindDef *k = &self->def->kinds[i];

      if (k != primary && kind_addable (self, k))
        {
          append_add_item (others, k);
          n++;
        }
    }

  g_menu_remove_all (self->add_menu);
  if (g_menu_model_get_n_items (G_MENU_MODEL (first)) > 0)
    g_menu_append_section (self->add_menu, NULL, G_MENU_MODEL (first));
  if (g_menu_model_get_n_items (G_MENU_MODEL (others)) > 0)
    g_menu_append_section (self->add_menu, NULL, G_MENU_MODEL (others));
  self->n_add_items = n;
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n > 0);
}

static void
update_actions (MrNodeTreePage *self)
{
  gboolean has = selected_node (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.rename", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.delete", has);
  rebuild_add_menu (self);
}

static void
refresh (MrNodeTreePage *self)
{
  g_autoptr (GListModel) fresh = self->def->list (self->store);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (fresh);
  /* Rebuilding the rows destroys the focused one: give the focus to the
   * same record's new row, so a keyboard user stays where they were. */
  gboolean had_focus = mr_widget_has_focus_within (GTK_WIDGET (self->list_box));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < n; i++)
    {
      MrNode *node = g_list_model_get_item (fresh, i);

      g_ptr_array_add (items, node);
      g_hash_table_insert (self->by_id, (gpointer) mr_node_get_id (node), node);
    }
  if (self->selected_id != NULL && lookup (self, self->selected_id) == NULL)
    g_clear_pointer (&self->selected_id, g_free);

  self->refreshing = TRUE;
  /* The filter reads the visible set while the rows are rebuilt. */
  g_clear_pointer (&self->visible, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_hash_table_unref);
  g_list_store_splice (self->nodes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->nodes)),
                       items->pdata, items->len);
  compute_visible (self);
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered),
                      GTK_FILTER_CHANGE_DIFFERENT);
  if (self->selected_id == NULL ||
      !mr_list_box_select_by_data (self->list_box, "node-id", self->selected_id, had_focus))
    gtk_list_box_unselect_all (self->list_box);
  self->refreshing = FALSE;

  mr_list_box_restore_focus (self->list_box, had_focus);
  update_stack (self);
  update_actions (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  MrNodeTreePage *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (MrNodeTreePage *self, const char *entity, const char *id)
{
  if (g_strcmp0 (entity, self->def->entity) != 0)
    return;
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
row_selected_cb (MrNodeTreePage *self, GtkListBoxRow *row)
{
  if (self->refreshing || row == NULL)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (g_object_get_data (G_OBJECT (row), "node-id"));
  update_actions (self);
}

static void
search_changed_cb (MrNodeTreePage *self)
{
  self->refreshing = TRUE;
  compute_visible (self);
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered),
                      GTK_FILTER_CHANGE_DIFFERENT);
  if (self->selected_id != NULL)
    mr_list_box_select_by_data (self->list_box, "node-id", self->selected_id, FALSE);
  self->refreshing = FALSE;
  update_stack (self);
}

/* Enter (or Down) in the search goes to the first match, not to the
 * ancestors shown around it. */
static void
search_activate_cb (MrNodeTreePage *self)
{
  GtkListBoxRow *row = NULL;

  /* GtkSearchEntry delays ::search-changed; Enter may come first. */
  search_changed_cb (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL && row == NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) &&
        (self->matches == NULL ||
         g_hash_table_contains (self->matches, g_object_get_data (G_OBJECT (child), "node-id"))))
      row = GTK_LIST_BOX_ROW (child);
  if (row != NULL)
    {
      gtk_list_box_select_row (self->list_box, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
search_stop_cb (MrNodeTreePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static gboolean
search_key_cb (MrNodeTreePage *self,
               guint keyval,
               guint keycode,
               GdkModifierType state,
               GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      search_activate_cb (self);
      return TRUE;
    }
  return FALSE;
}

/* Actions */

static gboolean
create_node_cb (MrNameDialog *dialog, MrNodeTreePage *self)
{
  const char *kind = g_object_get_data (G_OBJECT (dialog), "kind");
  const char *parent_id = g_object_get_data (G_OBJECT (dialog), "parent-id");
  g_autoptr (GError) error = NULL;
  g_autofree char *mutation = g_strconcat (self->def->tree, ".create", NULL);
  g_autofree char *id = NULL;
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "kind", "s", kind);
  if (parent_id != NULL)
    g_variant_dict_insert (&args, "parent_id", "s", parent_id);
  g_variant_dict_insert (&args, "name", "s", mr_name_dialog_get_name (dialog));
  if (self->def->with_code)
    g_variant_dict_insert (&args, "code", "s", mr_name_dialog_get_code (dialog));
  if (!mr_store_apply (self->store, mutation, g_variant_dict_end (&args), &id, &error))
    {
      mr_name_dialog_set_error (dialog, error);
      return FALSE;
    }

  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&id);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  refresh (self);
  mr_list_box_select_by_data (self->list_box, "node-id", self->selected_id, TRUE);
  return TRUE;
}

static void
add_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (widget);
  const KindDef *k = kind_def (self->def, g_variant_get_string (param, NULL));
  MrNode *parent;
  g_autofree char *subtitle = NULL;
  MrNameDialog *dialog;

  if (k == NULL)
    return;
  parent = k->parents[0] ? resolve_parent (self, k) : NULL;
  if (parent != NULL)
    /* Translators: where a new place goes, e.g. "In HQ › Building A" */
    subtitle = g_strdup_printf (_ ("In %s"), mr_node_get_path (parent));

  dialog =
    mr_name_dialog_new (widget, _ (k->new_title), subtitle, _ ("_Add"), self->def->with_code);
  g_object_set_data (G_OBJECT (dialog), "kind", (gpointer) k->kind);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "parent-id", g_strdup (mr_node_get_id (parent)),
                            g_free);
  g_signal_connect_object (dialog, "save", G_CALLBACK (create_node_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_menu_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (widget);

  /* One choice needs no menu. */
  if (self->n_add_items == 1)
    {
      GMenuModel *section =
        g_menu_model_get_item_link (G_MENU_MODEL (self->add_menu), 0, G_MENU_LINK_SECTION);
      g_autoptr (GVariant) target = g_menu_model_get_item_attribute_value (
        section, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

      g_object_unref (section);
      gtk_widget_activate_action_variant (widget, "tree.add", target);
    }
  else if (self->n_add_items > 1)
    gtk_menu_button_popup (self->add_button);
}

static gboolean
rename_node_cb (MrNameDialog *dialog, MrNodeTreePage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *mutation = g_strconcat (self->def->tree, ".rename", NULL);
  GVariantDict args;

  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", g_object_get_data (G_OBJECT (dialog), "node-id"));
  g_variant_dict_insert (&args, "name", "s", mr_name_dialog_get_name (dialog));
  if (!mr_store_apply (self->store, mutation, g_variant_dict_end (&args), NULL, &error))
    {
      mr_name_dialog_set_error (dialog, error);
      return FALSE;
    }
  refresh (self);
  return TRUE;
}

static void
rename_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (widget);
  MrNode *node = selected_node (self);
  const KindDef *k;
  MrNameDialog *dialog;

  if (node == NULL)
    return;
  k = kind_def (self->def, mr_node_get_kind (node));
  dialog = mr_name_dialog_new (widget, k ? _ (k->rename_title) : _ ("Rename"),
                               mr_node_get_path (node), _ ("_Rename"), FALSE);
  mr_name_dialog_set_name (dialog, mr_node_get_name (node));
  g_object_set_data_full (G_OBJECT (dialog), "node-id", g_strdup (mr_node_get_id (node)), g_free);
  g_signal_connect_object (dialog, "save", G_CALLBACK (rename_node_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (widget);
  MrNode *selected = selected_node (self);
  g_autoptr (MrNode) node = selected ? g_object_ref (selected) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *mutation = g_strconcat (self->def->tree, ".delete", NULL);
  g_autofree char *undo_mutation = g_strconcat (self->def->tree, ".restore", NULL);
  g_autofree char *title = NULL;
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);
  int position = row ? gtk_list_box_row_get_index (row) : 0;
  GVariantDict args;

  if (node == NULL)
    return;
  g_variant_dict_init (&args, NULL);
  g_variant_dict_insert (&args, "id", "s", mr_node_get_id (node));
  if (!mr_store_apply (self->store, mutation, g_variant_dict_end (&args), NULL, &error))
    {
      g_autofree char *heading =
        g_strdup_printf (_ ("Cannot Delete “%s”"), mr_node_get_name (node));

      show_error (self, heading, error);
      return;
    }

  /* Select the row that took its place, so Delete can be pressed again. */
  g_clear_pointer (&self->selected_id, g_free);
  refresh (self);
  row = gtk_list_box_get_row_at_index (self->list_box, position);
  if (row == NULL && position > 0)
    row = gtk_list_box_get_row_at_index (self->list_box, position - 1);
  if (row != NULL)
    {
      gtk_list_box_select_row (self->list_box, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  title = g_markup_printf_escaped (_ ("“%s” deleted"), mr_node_get_name (node));
  mr_widget_add_toast (
    GTK_WIDGET (self),
    mr_undo_toast_new (title, undo_mutation,
                       g_variant_new_parsed ("{'id': <%s>}", mr_node_get_id (node))));
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (MR_NODE_TREE_PAGE (widget)->search_entry));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (widget);

  mr_export_task_choose_file (
    widget, self->store,
    g_str_equal (self->def->tree, "place") ? MR_EXPORT_WHAT_PLACES : MR_EXPORT_WHAT_ORG, NULL);
}

/* GObject */

static void
mr_node_tree_page_constructed (GObject *object)
{
  MrNodeTreePage *self = (MrNodeTreePage *) object;
  const KindDef *root = &self->def->kinds[0];

  G_OBJECT_CLASS (mr_node_tree_page_parent_class)->constructed (object);

  g_object_set (self->search_entry, "placeholder-text", _ (self->def->search_placeholder), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ (self->def->search_placeholder),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ (self->def->list_label), -1);
  adw_status_page_set_icon_name (self->empty_page, self->def->empty_icon);
  adw_status_page_set_title (self->empty_page, _ (self->def->empty_title));
  adw_status_page_set_description (self->empty_page, _ (self->def->empty_description));
  gtk_button_set_label (self->empty_button, _ (self->def->empty_button));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->empty_button), "s", root->kind);

  g_return_if_fail (MR_IS_STORE (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
}

static void
mr_node_tree_page_dispose (GObject *object)
{
  MrNodeTreePage *self = (MrNodeTreePage *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->filtered);
  g_clear_object (&self->nodes);
  g_clear_object (&self->add_menu);
  g_clear_pointer (&self->visible, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_hash_table_unref);
  G_OBJECT_CLASS (mr_node_tree_page_parent_class)->dispose (object);
}

static void
mr_node_tree_page_finalize (GObject *object)
{
  MrNodeTreePage *self = (MrNodeTreePage *) object;

  g_clear_object (&self->store);
  g_hash_table_unref (self->by_id);
  g_free (self->selected_id);
  G_OBJECT_CLASS (mr_node_tree_page_parent_class)->finalize (object);
}

static void
mr_node_tree_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_TREE:
      g_value_set_string (value, self->def->tree);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mr_node_tree_page_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  MrNodeTreePage *self = MR_NODE_TREE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_TREE:
      {
        const char *tree = g_value_get_string (value);

        for (guint i = 0; i < G_N_ELEMENTS (tree_defs); i++)
          if (g_strcmp0 (tree_defs[i].tree, tree) == 0)
            self->def = &tree_defs[i];
        if (self->def == NULL)
          {
            g_critical ("Unknown tree “%s”; expected “place” or “org”", tree);
            self->def = &tree_defs[0];
          }
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The page's first control for a keyboard user is its search entry: the
 * window gives the focus there when the page is shown. */
static gboolean
mr_node_tree_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MR_NODE_TREE_PAGE (widget)->search_entry));
}

static void
mr_node_tree_page_class_init (MrNodeTreePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = mr_node_tree_page_grab_focus;
  object_class->constructed = mr_node_tree_page_constructed;
  object_class->dispose = mr_node_tree_page_dispose;
  object_class->finalize = mr_node_tree_page_finalize;
  object_class->get_property = mr_node_tree_page_get_property;
  object_class->set_property = mr_node_tree_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * MrNodeTreePage:tree:
   *
   * Which tree the page edits: "place" or "org".
   */
  properties[PROP_TREE] =
    g_param_spec_string ("tree", NULL, NULL, "place",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/Mailroom/ui/mr-node-tree-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MrNodeTreePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MrNodeTreePage, add_button);
  gtk_widget_class_bind_template_child (widget_class, MrNodeTreePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MrNodeTreePage, list_box);
  gtk_widget_class_bind_template_child (widget_class, MrNodeTreePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MrNodeTreePage, empty_button);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);

  gtk_widget_class_install_action (widget_class, "tree.add", "s", add_action);
  gtk_widget_class_install_action (widget_class, "tree.add-menu", NULL, add_menu_action);
  gtk_widget_class_install_action (widget_class, "tree.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "tree.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "tree.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "tree.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "tree.rename", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mr_node_tree_page_init (MrNodeTreePage *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  self->nodes = g_list_store_new (MR_TYPE_NODE);
  self->filtered =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->nodes)),
                               GTK_FILTER (gtk_custom_filter_new (node_visible, self, NULL)));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_row, self, NULL);

  self->add_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->add_button, G_MENU_MODEL (self->add_menu));

  /* Typing anywhere in the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* Delete only on the list, so that Delete in the search edits text. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                      gtk_named_action_new ("tree.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_box), controller);

  /* Managed scope: the window handles these whatever has the focus, but
   * only while this page is mapped, i.e. shown in the view stack. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK),
                      gtk_named_action_new ("tree.add-menu")));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                      gtk_named_action_new ("tree.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * mr_node_tree_page_new:
 * @store: the store
 * @tree: "place" for the delivery places, "org" for the organisation
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
mr_node_tree_page_new (MrStore *store, const char *tree)
{
  g_return_val_if_fail (MR_IS_STORE (store), NULL);
  return g_object_new (MR_TYPE_NODE_TREE_PAGE, "store", store, "tree", tree, NULL);
}

MrStore *
mr_node_tree_page_get_store (MrNodeTreePage *self)
{
  g_return_val_if_fail (MR_IS_NODE_TREE_PAGE (self), NULL);
  return self->store;
}

const char *
mr_node_tree_page_get_tree (MrNodeTreePage *self)
{
  g_return_val_if_fail (MR_IS_NODE_TREE_PAGE (self), NULL);
  return self->def->tree;
}

/**
 * mr_node_tree_page_select:
 * @id: a node id
 *
 * Selects the node, clearing a search that hides it.
 *
 * Returns: whether the node exists
 */
gboolean
mr_node_tree_page_select (MrNodeTreePage *self, const char *id)
{
  g_return_val_if_fail (MR_IS_NODE_TREE_PAGE (self), FALSE);

  if (lookup (self, id) == NULL)
    return FALSE;
  if (self->visible != NULL && !g_hash_table_contains (self->visible, id))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  mr_list_box_select_by_data (self->list_box, "node-id", id, FALSE);
  update_actions (self);
  return TRUE;
}

const char *
mr_node_tree_page_get_selected_id (MrNodeTreePage *self)
{
  g_return_val_if_fail (MR_IS_NODE_TREE_PAGE (self), NULL);
  return selected_node (self) ? self->selected_id : NULL;
}
