/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mr-sftp"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mr-known-hosts.h"
#include "mr-sftp.h"

#define DEFAULT_PORT 22
#define DEFAULT_CONNECT_TIMEOUT 20
#define DEFAULT_MAX_DOWNLOAD (256 * 1024 * 1024)
/* A transfer that moves less than a byte a second for this long has
 * stalled: give up rather than hang until the next run. */
#define STALL_SECONDS 60


struct _MrSftpClient
{
  MrSftpOptions opts;
  CURL *curl;
  char errbuf[CURL_ERROR_SIZE];

  /* The host key of the last connection and what was decided about it */
  char *fingerprint;
  MrKnownHostStatus host_status;
  GError *host_error; /* the known_hosts file could not be read or written */
  gboolean host_verified;

  /* The transfer under way */
  GCancellable *cancellable;
  GByteArray *download;
  gsize max_download;
  gboolean too_large;
  GBytes *upload;
  gsize upload_pos;
};

/* libcurl's own form of a remote path: absolute as it is, relative under
 * "/~/" (the login folder); the URL and the quote commands share it. */
static char *
curl_path (const char *path)
{
  if (path[0] == '/')
    return g_strdup (path);
  if (g_str_has_prefix (path, "~/"))
    return g_strconcat ("/", path, NULL);
  return g_strconcat ("/~/", path, NULL);
}

static char *
build_url (MrSftpClient *self, const char *path, gboolean is_dir)
{
  g_autofree char *cpath = curl_path (path);
  g_autofree char *escaped = NULL;
  const char *host = self->opts.host;
  gboolean ipv6 = strchr (host, ':') != NULL;
  gsize n;

  /* A folder is listed only with its trailing slash. */
  if (is_dir && !g_str_has_suffix (cpath, "/"))
    {
      char *with_slash = g_strconcat (cpath, "/", NULL);

      g_free (cpath);
      cpath = with_slash;
    }
  escaped = g_uri_escape_string (cpath, "/~", FALSE);
  n = strlen (escaped);
  g_assert (n > 0);
  return g_strdup_printf ("sftp://%s%s%s:%u%s", ipv6 ? "[" : "", host, ipv6 ? "]" : "",
                          self->opts.port ? self->opts.port : DEFAULT_PORT, escaped);
}

/* A quoted argument of a libcurl SFTP quote command. */
static void
append_quoted (GString *out, const char *path)
{
  g_string_append_c (out, '"');
  for (const char *p = path; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static int
hostkey_cb (void *data, int keytype, const char *key, size_t keylen)
{
  MrSftpClient *self = data;
  g_autoptr (GError) error = NULL;
  guint port = self->opts.port ? self->opts.port : DEFAULT_PORT;

  g_free (self->fingerprint);
  self->fingerprint = mr_ssh_key_fingerprint ((const guint8 *) key, keylen);
  g_clear_error (&self->host_error);
  self->host_verified = FALSE;

  self->host_status = mr_known_hosts_check (self->opts.known_hosts, self->opts.host, port,
                                            (const guint8 *) key, keylen, &error);
  if (error != NULL)
    {
      self->host_error = g_steal_pointer (&error);
      return CURLKHMATCH_MISMATCH;
    }
  if (self->host_status == MR_KNOWN_HOST_MATCH)
    {
      self->host_verified = TRUE;
      return CURLKHMATCH_OK;
    }
  /* Trust on first use, but only for the key the administrator saw. */
  if (self->opts.accept_fingerprint != NULL &&
      strcmp (self->opts.accept_fingerprint, self->fingerprint) == 0)
    {
      if (!mr_known_hosts_set (self->opts.known_hosts, self->opts.host, port, (const guint8 *) key,
                               keylen, &error))
        {
          self->host_error = g_steal_pointer (&error);
          return CURLKHMATCH_MISMATCH;
        }
      g_debug ("Recorded host key %s for %s", self->fingerprint, self->opts.host);
      self->host_status = MR_KNOWN_HOST_MATCH;
      self->host_verified = TRUE;
      return CURLKHMATCH_OK;
    }
  return CURLKHMATCH_MISMATCH;
}

static int
xferinfo_cb (void *data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  MrSftpClient *self = data;

  return g_cancellable_is_cancelled (self->cancellable) ? 1 : 0;
}

static size_t
write_cb (char *ptr, size_t size, size_t nmemb, void *data)
{
  MrSftpClient *self = data;
  gsize n = size * nmemb;

  if (self->download == NULL)
    return n; /* a listing: only its success matters */
  if (self->download->len + n > self->max_download)
    {
      self->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (self->download, (const guint8 *) ptr, n);
  return n;
}

static size_t
read_cb (char *buffer, size_t size, size_t nitems, void *data)
{
  MrSftpClient *self = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (self->upload, &len);
  gsize n = MIN (size * nitems, len - self->upload_pos);

  memcpy (buffer, bytes + self->upload_pos, n);
  self->upload_pos += n;
  return n;
}

static void
global_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&done, 1);
    }
}

MrSftpClient *
mr_sftp_client_new (const MrSftpOptions *options)
{
  MrSftpClient *self;
  g_autofree char *known_hosts = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->host != NULL, NULL);

  global_init ();
  self = g_new0 (MrSftpClient, 1);
  self->opts = *options;
  self->opts.host = g_strdup (options->host);
  self->opts.user = g_strdup (options->user);
  self->opts.key_file = g_strdup (options->key_file);
  self->opts.secret = g_strdup (options->secret);
  self->opts.known_hosts =
    options->known_hosts ? g_strdup (options->known_hosts) : mr_known_hosts_default_path ();
  self->opts.accept_fingerprint = g_strdup (options->accept_fingerprint);
  self->max_download = DEFAULT_MAX_DOWNLOAD;
  self->curl = curl_easy_init ();
  return self;
}

void
mr_sftp_client_free (MrSftpClient *self)
{
  if (self == NULL)
    return;
  if (self->curl != NULL)
    curl_easy_cleanup (self->curl);
  mr_sftp_options_clear (&self->opts);
  g_free (self->fingerprint);
  g_clear_error (&self->host_error);
  g_free (self);
}

void
mr_sftp_client_set_max_download (MrSftpClient *self, gsize max_bytes)
{
  g_return_if_fail (self != NULL);
  self->max_download = max_bytes;
}

const char *
mr_sftp_client_get_host_fingerprint (MrSftpClient *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->fingerprint;
}

/* What can be known before connecting: the library can verify host keys,
 * and the key file can be used as it is. */
static gboolean
check_setup (MrSftpClient *self, GError **error)
{
  const curl_version_info_data *info = curl_version_info (CURLVERSION_NOW);

  if (self->curl == NULL)
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED, _ ("Cannot start libcurl."));
      return FALSE;
    }
  /* The host key callback exists only with libssh2: with another SSH
   * backend the server would go unverified, which is never acceptable. */
  if (info->libssh_version == NULL || !g_str_has_prefix (info->libssh_version, "libssh2/"))
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED,
                   _ ("This libcurl (%s) cannot verify SFTP host keys: it must be built with "
                      "libssh2."),
                   info->libssh_version ? info->libssh_version : "no SSH");
      return FALSE;
    }
  if (self->opts.user == NULL || self->opts.user[0] == '\0')
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH,
                   _ ("No user name is set for the SFTP server."));
      return FALSE;
    }
  if (self->opts.auth == MR_SFTP_AUTH_KEY)
    {
      g_autofree char *contents = NULL;
      g_autoptr (GError) local_error = NULL;

      if (self->opts.key_file == NULL || self->opts.key_file[0] == '\0')
        {
          g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_KEY_FILE,
                       _ ("No private key file is set for the SFTP server."));
          return FALSE;
        }
      if (!g_file_get_contents (self->opts.key_file, &contents, NULL, &local_error))
        {
          g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_KEY_FILE,
                       _ ("The private key file “%s” cannot be read: %s"), self->opts.key_file,
                       local_error->message);
          return FALSE;
        }
      if ((self->opts.secret == NULL || self->opts.secret[0] == '\0') &&
          mr_ssh_key_file_is_encrypted (self->opts.key_file))
        {
          g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_KEY_FILE,
                       _ ("The private key “%s” is protected by a passphrase, and none is saved. "
                          "Enter it in Preferences."),
                       self->opts.key_file);
          return FALSE;
        }
    }
  else if (self->opts.secret == NULL)
    {
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH,
                   _ ("No password is saved for %s on the SFTP server. Enter it in Preferences."),
                   self->opts.user);
      return FALSE;
    }
  return TRUE;
}

static void
setup_handle (MrSftpClient *self, const char *url)
{
  CURL *c = self->curl;
  guint timeout = self->opts.connect_timeout ? self->opts.connect_timeout : DEFAULT_CONNECT_TIMEOUT;

  self->errbuf[0] = '\0';
  curl_easy_setopt (c, CURLOPT_URL, url);
  curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, "sftp");
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (c, CURLOPT_ERRORBUFFER, self->errbuf);
  curl_easy_setopt (c, CURLOPT_CONNECTTIMEOUT, (long) timeout);
  curl_easy_setopt (c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (c, CURLOPT_LOW_SPEED_TIME, (long) STALL_SECONDS);
  curl_easy_setopt (c, CURLOPT_USERNAME, self->opts.user);
  if (self->opts.auth == MR_SFTP_AUTH_KEY)
    {
      curl_easy_setopt (c, CURLOPT_SSH_AUTH_TYPES, (long) CURLSSH_AUTH_PUBLICKEY);
      curl_easy_setopt (c, CURLOPT_SSH_PRIVATE_KEYFILE, self->opts.key_file);
      /* "": libssh2 derives the public key from the private one. */
      curl_easy_setopt (c, CURLOPT_SSH_PUBLIC_KEYFILE, "");
      curl_easy_setopt (c, CURLOPT_KEYPASSWD, self->opts.secret);
    }
  else
    {
      curl_easy_setopt (c, CURLOPT_SSH_AUTH_TYPES,
                        (long) (CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD));
      curl_easy_setopt (c, CURLOPT_PASSWORD, self->opts.secret);
    }
  curl_easy_setopt (c, CURLOPT_SSH_HOSTKEYFUNCTION, hostkey_cb);
  curl_easy_setopt (c, CURLOPT_SSH_HOSTKEYDATA, self);
  curl_easy_setopt (c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (c, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (c, CURLOPT_XFERINFODATA, self);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, self);
  curl_easy_setopt (c, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (c, CURLOPT_READDATA, self);
  /* Each transfer says what it is; nothing carries over from the last. */
  curl_easy_setopt (c, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt (c, CURLOPT_NOBODY, 0L);
  curl_easy_setopt (c, CURLOPT_QUOTE, NULL);
  curl_easy_setopt (c, CURLOPT_POSTQUOTE, NULL);
}

static const char *
detail (MrSftpClient *self, CURLcode rc)
{
  return self->errbuf[0] != '\0' ? self->errbuf : curl_easy_strerror (rc);
}

/* Turns libcurl's result into an error that says what to do. */
static gboolean
check_result (MrSftpClient *self, CURLcode rc, const char *path, GError **error)
{
  const char *host = self->opts.host;

  switch ((int) rc) /* libcurl has ~100 codes: only these need words */
    {
    case CURLE_OK:
      /* Belt and braces: a connection is used only after our callback
       * accepted its key. */
      if (!self->host_verified)
        {
          g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED,
                       _ ("The host key of the SFTP server %s was not verified."), host);
          return FALSE;
        }
      return TRUE;

    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The transfer was cancelled."));
      return FALSE;

    case CURLE_PEER_FAILED_VERIFICATION:
      if (self->host_error != NULL)
        g_set_error_literal (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED, self->host_error->message);
      else if (self->host_status == MR_KNOWN_HOST_CHANGED)
        g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_CHANGED,
                     _ ("The SFTP server %s presented a host key that is not the one that was "
                        "accepted (its fingerprint is now %s). Someone may be intercepting the "
                        "connection: nothing was transferred. Accept the new key only if the "
                        "server’s administrator confirms this fingerprint."),
                     host, self->fingerprint ? self->fingerprint : "?");
      else
        g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_HOST_KEY_UNKNOWN,
                     _ ("The SFTP server %s is not trusted yet: nothing was transferred. Its host "
                        "key fingerprint is %s. Check it with the server’s administrator, then "
                        "accept it."),
                     host, self->fingerprint ? self->fingerprint : "?");
      return FALSE;

    case CURLE_LOGIN_DENIED:
      if (self->opts.auth == MR_SFTP_AUTH_KEY)
        g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH,
                     _ ("The SFTP server %s refused the login of “%s” with the private key “%s”. "
                        "Check the user name, that the public key is authorized on the server, "
                        "and the key’s passphrase."),
                     host, self->opts.user, self->opts.key_file);
      else
        g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_AUTH,
                     _ ("The SFTP server %s refused the login of “%s”. Check the user name and "
                        "the password."),
                     host, self->opts.user);
      return FALSE;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_CONNECT,
                   _ ("Cannot reach the SFTP server %s on port %u: %s"), host,
                   self->opts.port ? self->opts.port : DEFAULT_PORT, detail (self, rc));
      return FALSE;

    case CURLE_REMOTE_FILE_NOT_FOUND:
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_NOT_FOUND,
                   _ ("“%s” does not exist on the SFTP server."), path);
      return FALSE;

    case CURLE_REMOTE_ACCESS_DENIED:
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_PERMISSION,
                   _ ("The SFTP server refused access to “%s”."), path);
      return FALSE;

    case CURLE_WRITE_ERROR:
      if (self->too_large)
        {
          g_autofree char *limit = g_format_size (self->max_download);

          g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_TOO_LARGE,
                       _ ("“%s” is larger than %s: it was not downloaded."), path, limit);
          return FALSE;
        }
      break;

    case CURLE_REMOTE_DISK_FULL:
      g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED,
                   _ ("The SFTP server has no space left for “%s”."), path);
      return FALSE;

    default:
      break;
    }
  g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED,
               _ ("The SFTP transfer of “%s” failed: %s"), path, detail (self, rc));
  return FALSE;
}

static CURLcode
perform (MrSftpClient *self, GCancellable *cancellable)
{
  CURLcode rc;

  if (g_cancellable_is_cancelled (cancellable))
    return CURLE_ABORTED_BY_CALLBACK;
  self->cancellable = cancellable;
  self->too_large = FALSE;
  rc = curl_easy_perform (self->curl);
  self->cancellable = NULL;
  g_debug ("curl: %d %s", rc, self->errbuf);
  return rc;
}

gboolean
mr_sftp_client_check (MrSftpClient *self,
                      const char *dir,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autofree char *url = NULL;
  const char *shown = dir && dir[0] ? dir : "~";
  CURLcode rc;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_setup (self, error))
    return FALSE;
  url = build_url (self, dir && dir[0] ? dir : "~/", TRUE);
  setup_handle (self, url);
  curl_easy_setopt (self->curl, CURLOPT_DIRLISTONLY, 1L);
  self->download = NULL;
  rc = perform (self, cancellable);
  curl_easy_setopt (self->curl, CURLOPT_DIRLISTONLY, 0L);
  return check_result (self, rc, shown, error);
}

GBytes *
mr_sftp_client_download (MrSftpClient *self,
                         const char *path,
                         GCancellable *cancellable,
                         GError **error)
{
  g_autofree char *url = NULL;
  g_autoptr (GByteArray) data = NULL;
  CURLcode rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!check_setup (self, error))
    return NULL;
  url = build_url (self, path, FALSE);
  setup_handle (self, url);
  data = self->download = g_byte_array_new ();
  rc = perform (self, cancellable);
  self->download = NULL;
  if (!check_result (self, rc, path, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

gboolean
mr_sftp_client_exists (MrSftpClient *self,
                       const char *path,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autofree char *url = NULL;
  g_autoptr (GError) local_error = NULL;
  CURLcode rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_setup (self, error))
    return FALSE;
  url = build_url (self, path, FALSE);
  setup_handle (self, url);
  /* No body: libcurl only asks the server about the file. */
  curl_easy_setopt (self->curl, CURLOPT_NOBODY, 1L);
  self->download = NULL;
  rc = perform (self, cancellable);
  curl_easy_setopt (self->curl, CURLOPT_NOBODY, 0L);
  if (check_result (self, rc, path, &local_error))
    return TRUE;
  if (!g_error_matches (local_error, MR_SFTP_ERROR, MR_SFTP_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Best effort: an upload that could not be renamed leaves no litter. */
static void
remove_quietly (MrSftpClient *self, const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *url = build_url (self, strcmp (dir, ".") == 0 ? "~/" : dir, TRUE);
  g_autofree char *cpath = curl_path (path);
  g_autoptr (GString) cmd = g_string_new ("rm ");
  struct curl_slist *quote;

  append_quoted (cmd, cpath);
  quote = curl_slist_append (NULL, cmd->str);
  setup_handle (self, url);
  curl_easy_setopt (self->curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt (self->curl, CURLOPT_QUOTE, quote);
  perform (self, NULL);
  curl_easy_setopt (self->curl, CURLOPT_QUOTE, NULL);
  curl_easy_setopt (self->curl, CURLOPT_NOBODY, 0L);
  curl_slist_free_all (quote);
}

gboolean
mr_sftp_client_upload (
  MrSftpClient *self, const char *path, GBytes *data, GCancellable *cancellable, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tmp_cpath = NULL;
  g_autofree char *final_cpath = NULL;
  g_autoptr (GString) rename = g_string_new ("rename ");
  struct curl_slist *postquote;
  CURLcode rc;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!check_setup (self, error))
    return FALSE;

  /* Hidden, and unique, so that two workstations never write the same
   * temporary file and nobody picks up a half-written one. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
  tmp_path = strcmp (dir, ".") == 0 ? g_strdup (tmp_name) : mr_sftp_build_path (dir, tmp_name);
  tmp_cpath = curl_path (tmp_path);
  final_cpath = curl_path (path);
  append_quoted (rename, tmp_cpath);
  g_string_append_c (rename, ' ');
  append_quoted (rename, final_cpath);
  postquote = curl_slist_append (NULL, rename->str);

  url = build_url (self, tmp_path, FALSE);
  setup_handle (self, url);
  curl_easy_setopt (self->curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (self->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (data));
  curl_easy_setopt (self->curl, CURLOPT_POSTQUOTE, postquote);
  self->upload = data;
  self->upload_pos = 0;
  rc = perform (self, cancellable);
  self->upload = NULL;
  curl_easy_setopt (self->curl, CURLOPT_POSTQUOTE, NULL);
  curl_easy_setopt (self->curl, CURLOPT_UPLOAD, 0L);
  curl_slist_free_all (postquote);

  if (rc == CURLE_QUOTE_ERROR)
    {
      g_autofree char *why = g_strdup (detail (self, rc));

      remove_quietly (self, tmp_path);
      /* The server's rename refuses to replace a file (OpenSSH's does). */
      if (mr_sftp_client_exists (self, path, NULL, NULL))
        g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_EXISTS,
                     _ ("“%s” exists on the SFTP server already: it was not replaced."), path);
      else
        g_set_error (error, MR_SFTP_ERROR, MR_SFTP_ERROR_FAILED,
                     _ ("“%s” was uploaded but could not be given its final name: %s"), path, why);
      return FALSE;
    }
  ok = check_result (self, rc, path, error);
  if (!ok && self->host_verified && rc != CURLE_LOGIN_DENIED)
    remove_quietly (self, tmp_path);
  return ok;
}
