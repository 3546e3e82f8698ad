/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The SSH servers Mailroom trusts: its own known_hosts file, in the
 * OpenSSH format ("[host]:port key-type base64-key"), so that an
 * administrator can read it, and compare it with `ssh-keygen -lf`. */

typedef enum
{
  MR_KNOWN_HOST_MATCH,   /* the host's key is this one */
  MR_KNOWN_HOST_UNKNOWN, /* no key is recorded for the host */
  MR_KNOWN_HOST_CHANGED, /* another key is recorded for the host */
} MrKnownHostStatus;

/* <user config dir>/mailroom/known_hosts */
char *mr_known_hosts_default_path (void);

/* The OpenSSH fingerprint of a public key blob: "SHA256:" and the
 * unpadded base64 of its SHA-256. */
char *mr_ssh_key_fingerprint (const guint8 *blob, gsize len);
/* The key type a blob names in its first field ("ssh-ed25519", …), or NULL. */
char *mr_ssh_key_type (const guint8 *blob, gsize len);

/* "host" for port 22, else "[host]:port", as OpenSSH writes them. */
char *mr_known_hosts_host_name (const char *host, guint port);

/* A missing file knows no host. */
MrKnownHostStatus mr_known_hosts_check (
  const char *path, const char *host, guint port, const guint8 *blob, gsize len, GError **error);
/* The fingerprints recorded for a host (NULL-terminated, maybe empty). */
char **mr_known_hosts_lookup (const char *path, const char *host, guint port, GError **error);
/* Records @blob as the host's key, replacing any other key of the host
 * (the administrator accepted it); the file is rewritten atomically. */
gboolean mr_known_hosts_set (
  const char *path, const char *host, guint port, const guint8 *blob, gsize len, GError **error);
/* Forgets every key of the host. */
gboolean mr_known_hosts_remove (const char *path, const char *host, guint port, GError **error);

G_END_DECLS
