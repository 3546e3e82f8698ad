/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A pad to sign on with a mouse, a pen or a finger: strokes are drawn as
 * they come, smoothed, and the signature is rendered to a PNG of a fixed
 * size for the handover event. */
#define MR_TYPE_SIGNATURE_PAD (mr_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (MrSignaturePad, mr_signature_pad, MR, SIGNATURE_PAD, GtkDrawingArea)

/* The size of the stored image, in pixels (3:1, like a signature box). */
#define MR_SIGNATURE_WIDTH 600
#define MR_SIGNATURE_HEIGHT 200

GtkWidget *mr_signature_pad_new (void);

/* What the gestures call, in widget coordinates; @pressure is 0…1, or a
 * negative number when the device has none. */
void mr_signature_pad_begin_stroke (MrSignaturePad *self, double x, double y, double pressure);
void mr_signature_pad_extend_stroke (MrSignaturePad *self, double x, double y, double pressure);
void mr_signature_pad_end_stroke (MrSignaturePad *self);

void mr_signature_pad_clear (MrSignaturePad *self);
gboolean mr_signature_pad_is_empty (MrSignaturePad *self);
guint mr_signature_pad_get_n_strokes (MrSignaturePad *self);

/* The signature as a PNG of MR_SIGNATURE_WIDTH × MR_SIGNATURE_HEIGHT
 * pixels, dark ink on white; NULL when nothing was drawn. */
GBytes *mr_signature_pad_to_png (MrSignaturePad *self);

G_END_DECLS
