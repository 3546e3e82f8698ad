# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared machinery for the end-to-end GUI tests.

The tests drive the real `mailroom` binary the way a person does: they find
controls by their accessible names over AT-SPI, type with `xdotool type` (which
is also how a USB barcode scanner types), press keys with `xdotool key`, and read
back what the window shows over AT-SPI.

Every run gets its own X server (Xvfb), its own D-Bus session (so its own AT-SPI
bus, and its own GApplication name: a second `mailroom` on a shared bus would
hand its command line to the first one and exit) and its own HOME. Two runs, or
an e2e run and the in-process GUI tests, can then share a machine without
typing into each other's windows.

The outer process (`run_outer`) sets that up and re-executes the test
script inside it with `--inner`; it relays the inner TAP lines, adds a last
check that nothing was left running, and prints the plan at the end.
"""

import gettext
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
SCREEN = (1280, 800)


# TAP output ---------------------------------------------------------------


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def diag(text):
    for line in str(text).splitlines() or [""]:
        out("# " + line)


class StepFailed(Exception):
    pass


class Skip(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StepFailed(message)


# The outer process: display, bus, cleanup ---------------------------------


def _start_xvfb(log):
    """Starts a private Xvfb; returns (process, ':N')."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
         "%dx%dx24" % SCREEN, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,), stdout=log, stderr=log)
    os.close(write_fd)
    number = b""
    deadline = time.monotonic() + 20
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while not number.endswith(b"\n") and time.monotonic() < deadline:
            chunk = pipe.read(1)
            if not chunk:
                break
            number += chunk
    if not number.strip().isdigit():
        proc.kill()
        proc.wait()
        return None, None
    return proc, ":" + number.strip().decode()


def _descendants(pgid):
    """Process ids still running in the process group. Zombies do not count:
    they have exited, and in a container nobody may ever reap them."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pgid:
                continue
            with open("/proc/%s/stat" % entry) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            if state != "Z":
                alive.append(int(entry))
        except (OSError, IndexError):
            pass
    return alive


def _command_of(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def run_outer(script, argv, timeout=280):
    """Runs `script --inner argv...` in a private X display and D-Bus session.

    Returns the exit status for meson (0 with a TAP stream, including the skip
    plan `1..0 # SKIP`)."""
    workdir = tempfile.mkdtemp(prefix="mailroom-e2e-")
    os.chmod(workdir, 0o700)
    xvfb = None
    log = open(os.path.join(workdir, "xvfb.log"), "wb")
    try:
        if shutil.which("dbus-run-session") is None:
            out("1..0 # SKIP dbus-run-session not found: no D-Bus session, so no AT-SPI")
            return 0
        display = None
        if shutil.which("Xvfb"):
            xvfb, display = _start_xvfb(log)
            if xvfb is None:
                out("1..0 # SKIP Xvfb did not start (see %s)" % log.name)
                return 0
        elif os.environ.get("DISPLAY"):
            # A shared display: other tests' windows may take the keyboard focus.
            display = os.environ["DISPLAY"]
            diag("no Xvfb: using the shared display %s" % display)
        else:
            out("1..0 # SKIP no X display: neither Xvfb nor DISPLAY")
            return 0

        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("XDG_", "GSETTINGS_", "LC_", "DBUS_", "AT_SPI",
                                    "WAYLAND", "GDK_", "GTK_", "GSK_"))
               and k not in ("NO_AT_BRIDGE", "LANGUAGE", "LANG", "DISPLAY", "HOME",
                             "MAILROOM_DB", "MAILROOM_PAGE", "G_MESSAGES_DEBUG")}
        home = os.path.join(workdir, "home")
        os.makedirs(home, mode=0o700)
        env.update({
            "HOME": home,
            "XDG_RUNTIME_DIR": workdir,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "DISPLAY": display,
            "GDK_BACKEND": "x11",
            "LANG": "C.UTF-8",
            "MR_E2E_WORKDIR": workdir,
        })
        inner = subprocess.Popen(
            ["dbus-run-session", "--", sys.executable, script, "--inner"] + argv,
            env=env, stdout=subprocess.PIPE, stderr=None, text=True,
            start_new_session=True)
        timed_out = []

        def kill_inner(*_):
            timed_out.append(True)
            try:
                os.killpg(inner.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        # Killed by meson (timeout, Ctrl+C): take the inner session with us.
        def terminated(signum, _frame):
            kill_inner()
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, terminated)
        signal.signal(signal.SIGINT, terminated)
        watchdog = threading.Timer(timeout, kill_inner)
        watchdog.daemon = True
        watchdog.start()
        state = {"count": 0, "skip": None}

        def relay():
            for line in inner.stdout:
                line = line.rstrip("\n")
                if line.startswith("SKIP-ALL "):
                    state["skip"] = line[len("SKIP-ALL "):]
                    continue
                if re.match(r"^(not )?ok \d+", line):
                    state["count"] += 1
                elif not line.startswith("#"):
                    # Daemons of the session (at-spi2-registryd) print here too.
                    line = "# " + line
                out(line)

        # Read in a thread: a process left behind may hold the pipe open, and
        # must not keep us waiting for an end of file.
        reader = threading.Thread(target=relay, daemon=True)
        reader.start()
        rc = inner.wait()
        watchdog.cancel()
        reader.join(timeout=3)
        count = state["count"]
        skip_reason = state["skip"]
        if skip_reason is not None and count == 0 and not timed_out:
            out("1..0 # SKIP " + skip_reason)
            return 0
        if timed_out:
            count += 1
            out("not ok %d - the test finished within %d s" % (count, timeout))
        elif rc != 0:
            count += 1
            out("not ok %d - the test script exited normally (status %d)" % (count, rc))

        # Nothing may outlive the test: the app, the bus, AT-SPI daemons (they
        # leave on their own when the bus closes; give them a moment).
        deadline = time.monotonic() + 3
        left = _descendants(inner.pid)
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = _descendants(inner.pid)
        count += 1
        if left:
            out("not ok %d - no process left behind" % count)
            for pid in left:
                diag("left running: %d %s" % (pid, _command_of(pid)))
        else:
            out("ok %d - no process left behind" % count)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        out("1..%d" % count)
        return 0
    finally:
        if xvfb is not None:
            xvfb.terminate()
            try:
                xvfb.wait(timeout=5)
            except subprocess.TimeoutExpired:
                xvfb.kill()
                xvfb.wait()
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


# Translations: what the app should show in the language under test ----------


class Strings:
    """The app's own catalogue, so the test expects exactly what the app shows:
    the French text where fr.po has it, the English one where it has not."""

    def __init__(self, lang, locale_dir):
        self.lang = lang
        self.untranslated = set()
        if lang == "en":
            self.t = gettext.NullTranslations()
        else:
            self.t = gettext.translation("mailroom", localedir=locale_dir,
                                         languages=[lang], fallback=True)
            if isinstance(self.t, gettext.NullTranslations) and \
               type(self.t) is gettext.NullTranslations:
                diag("no %s catalogue in %s: expecting English" % (lang, locale_dir))

    def _known(self, key):
        # Words such as “Contacts” are the same in French: ask the catalogue.
        return key in getattr(self.t, "_catalog", {})

    def __call__(self, msgid):
        if self.lang != "en" and not self._known(msgid):
            self.untranslated.add(msgid)
        return self.t.gettext(msgid)

    def n(self, singular, plural, n):
        if self.lang != "en" and not self._known((singular, 0)):
            self.untranslated.add(singular)
        return self.t.ngettext(singular, plural, n).replace("%u", "%d") % n


# AT-SPI --------------------------------------------------------------------


def import_atspi():
    """Returns the pyatspi module, or raises Skip."""
    try:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi
        import pyatspi
        if not hasattr(Atspi, "Cache"):
            raise ImportError("the Atspi typelib is incomplete")
    except (ImportError, ValueError) as e:
        raise Skip("pyatspi / Atspi GI not available (%s); run with /usr/bin/python3 "
                   "and install python3-pyatspi" % e)
    return pyatspi


def atspi_unavailable():
    """Why AT-SPI cannot be used in this session, or None if it can."""
    try:
        from gi.repository import Gio, GLib
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                              "GetAddress", None, GLib.VariantType("(s)"),
                              Gio.DBusCallFlags.NONE, 10000, None)
        if not reply.unpack()[0]:
            return "the AT-SPI bus has no address"
    except Exception as e:
        return "no AT-SPI bus on the session bus (is at-spi2-core installed?): %s" % e
    return None


def clean_name(name):
    """GTK 4.8 names a button with a mnemonic label “_Save Save”: the label with
    its underscore, then the label child's text. Compare without both."""
    name = (name or "").replace("_", "")
    words = name.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        name = " ".join(words[:half])
    return name


class Ui:
    """Finds and reads accessibles of one application process."""

    def __init__(self, pyatspi, pid):
        from gi.repository import Atspi
        self.pyatspi = pyatspi
        self.Atspi = Atspi
        self.pid = pid

    def app(self):
        desktop = self.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            try:
                a = desktop.getChildAtIndex(i)
                if a is not None and a.get_process_id() == self.pid:
                    # Always ask the app: GTK 4.8 does not send every change
                    # that a cache would need.
                    a.set_cache_mask(self.Atspi.Cache.NONE)
                    return a
            except Exception:
                pass
        return None

    def windows(self):
        a = self.app()
        if a is None:
            return []
        result = []
        for i in range(a.childCount):
            try:
                w = a.getChildAtIndex(i)
                if w is not None:
                    result.append(w)
            except Exception:
                pass
        return result

    def window(self, name):
        for w in self.windows():
            try:
                if w.name == name:
                    return w
            except Exception:
                pass
        return None

    def has_state(self, a, state):
        try:
            return a.getState().contains(state)
        except Exception:
            return False

    def focused(self, a):
        return self.has_state(a, self.pyatspi.STATE_FOCUSED)

    def selected(self, a):
        return self.has_state(a, self.pyatspi.STATE_SELECTED)

    def find_all(self, root, role=None, name=None, pred=None, max_depth=40, first=False,
                 skip=()):
        """Breadth-first: the nearest matches first. Subtrees of the roles in skip
        are not entered (a list of 200 contacts is slow to walk over D-Bus)."""
        found = []
        queue = [(root, 0)]
        while queue:
            a, depth = queue.pop(0)
            try:
                a_role = a.getRoleName()
                ok = ((role is None or a_role == role) and
                      (name is None or clean_name(a.name) == clean_name(name)) and
                      (pred is None or pred(a)))
                if ok:
                    found.append(a)
                    if first:
                        return found
                if depth < max_depth and (depth == 0 or a_role not in skip):
                    for i in range(a.childCount):
                        c = a.getChildAtIndex(i)
                        if c is not None:
                            queue.append((c, depth + 1))
            except Exception:
                # Widgets come and go while we look.
                continue
        return found

    def find(self, root, role=None, name=None, pred=None, max_depth=40, skip=()):
        found = self.find_all(root, role, name, pred, max_depth, first=True, skip=skip)
        return found[0] if found else None

    def text(self, a):
        try:
            t = a.queryText()
            return t.getText(0, t.characterCount)
        except Exception:
            return None

    def children(self, a):
        result = []
        try:
            for i in range(a.childCount):
                c = a.getChildAtIndex(i)
                if c is not None:
                    result.append(c)
        except Exception:
            pass
        return result

    def click(self, a):
        """Activates a button the way a screen reader user does."""
        action = a.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "press"):
                return action.doAction(i)
        return action.doAction(0)


def wait_for(what, fn, timeout=10.0, interval=0.1):
    """Polls fn until it returns something true; fails the step otherwise."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = fn()
            if value:
                return value
        except StepFailed:
            raise
        except Exception as e:  # an accessible vanished under us
            last_error = e
        if time.monotonic() > deadline:
            raise StepFailed("timed out after %.0f s waiting for %s%s" % (
                timeout, what, " (last error: %s)" % last_error if last_error else ""))
        time.sleep(interval)


# Keyboard (xdotool), screenshots -------------------------------------------


def key(*keys):
    """Presses keys on the focused window, like a person."""
    subprocess.run(["xdotool", "key", "--delay", "40"] + list(keys), check=True)
    time.sleep(0.05)


def type_text(text):
    """Types text key by key, like a person or a keyboard-wedge scanner."""
    subprocess.run(["xdotool", "type", "--delay", "25", text], check=True)
    time.sleep(0.05)


def focus_x_window(pid, title):
    """Gives the keyboard focus to the app's window titled title.

    Xvfb runs no window manager: when a dialog closes, nothing hands the focus
    back to the window under it (a window manager would, or a person would
    click on it). This does what either would do."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid),
                            "--name", "^%s$" % re.escape(title)],
                           capture_output=True, text=True)
    ids = found.stdout.split()
    if not ids:
        raise StepFailed("no visible X window titled “%s”" % title)
    subprocess.run(["xdotool", "windowfocus", "--sync", ids[0]], check=True)


def x_focus_name():
    focus = subprocess.run(["xdotool", "getwindowfocus", "getwindowname"],
                           capture_output=True, text=True)
    return focus.stdout.strip()


def screenshot(path):
    subprocess.run(["import", "-window", "root", path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


# The application and its command-line twin --------------------------------


class Cli:
    def __init__(self, path, db):
        self.path = path
        self.db = db

    def run(self, *args, check_rc=True):
        proc = subprocess.run([self.path] + list(args) + ["--db", self.db],
                              capture_output=True, text=True)
        if check_rc and proc.returncode != 0:
            raise StepFailed("mailroom-cli %s exited %d: %s" % (
                " ".join(args), proc.returncode, proc.stderr.strip()))
        return proc

    def json(self, *args):
        return json.loads(self.run(*(list(args) + ["--json"])).stdout)

    def show(self, key):
        """The contact as JSON, or None if it does not exist (exit status 2)."""
        proc = self.run("contacts", "show", key, "--json", check_rc=False)
        if proc.returncode == 2:
            return None
        if proc.returncode != 0:
            raise StepFailed("mailroom-cli contacts show %s exited %d: %s" % (
                key, proc.returncode, proc.stderr.strip()))
        return json.loads(proc.stdout)


class App:
    """One run of the mailroom binary."""

    def __init__(self, path, db, env, log_path):
        self.path = path
        self.db = db
        self.env = env
        self.log_path = log_path
        self.proc = None

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.path, "--db", self.db], env=self.env,
                                     stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        return self.proc.pid

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        if self.wait_exit(5) is None:
            self.proc.kill()
            self.proc.wait()

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""


def write_settings(config_home, lang):
    """The app's settings through a keyfile, set before it starts."""
    path = os.path.join(config_home, "glib-2.0", "settings")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "keyfile"), "w") as f:
        f.write("[org/gnome/Mailroom]\n"
                "window-width=%d\nwindow-height=%d\nwindow-maximized=false\n"
                "language='%s'\n" % (SCREEN[0], SCREEN[1], lang))


class Tap:
    """Numbered checks; after a failure the rest are skipped (they build on it)."""

    def __init__(self):
        self.n = 0
        self.broken = None
        self.failures = 0

    def step(self, description, fn, on_failure=None):
        self.n += 1
        if self.broken is not None:
            out("ok %d - %s # SKIP after “%s” failed" % (self.n, description, self.broken))
            return None
        started = time.monotonic()
        try:
            value = fn()
        except Exception as e:  # StepFailed, or a bug in the test itself
            self.failures += 1
            self.broken = description
            out("not ok %d - %s" % (self.n, description))
            diag("%s: %s" % (type(e).__name__, e))
            if on_failure is not None:
                try:
                    on_failure(self.n)
                except Exception as e2:
                    diag("while collecting diagnostics: %s" % e2)
            return None
        out("ok %d - %s (%.1f s)" % (self.n, description, time.monotonic() - started))
        return value if value is not None else True
