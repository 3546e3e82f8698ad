/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MR_TYPE_NAME_DIALOG (mr_name_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MrNameDialog, mr_name_dialog, MR, NAME_DIALOG, AdwWindow)

MrNameDialog *mr_name_dialog_new (GtkWidget *parent,
                                  const char *title,
                                  const char *subtitle,
                                  const char *save_label,
                                  gboolean with_code);
const char *mr_name_dialog_get_name (MrNameDialog *self);
void mr_name_dialog_set_name (MrNameDialog *self, const char *name);
const char *mr_name_dialog_get_code (MrNameDialog *self);
void mr_name_dialog_set_code (MrNameDialog *self, const char *code);
const char *mr_name_dialog_get_error (MrNameDialog *self);
void mr_name_dialog_set_error (MrNameDialog *self, const GError *error);
void mr_name_dialog_save (MrNameDialog *self);

G_END_DECLS
