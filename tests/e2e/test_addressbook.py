#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the address book, used as a person would use it.

Runs the real `mailroom` binary on a fresh demo database in a private Xvfb and
D-Bus session, finds every control by its accessible name (AT-SPI), types with
`xdotool type` and presses keys with `xdotool key`, reads back what the window
shows over AT-SPI, and cross-checks the database with `mailroom-cli`, which
reads the same file. Prints TAP.

  search without accents → add (Ctrl+N, Ctrl+Return) → duplicate Personnel ID
  refused inline → edit (Ctrl+E) → Delete + Undo → Delete and let the toast go
  → quit (Ctrl+Q) and start again → screenshot of the Contacts page.

Usage (meson passes these):
  test_addressbook.py --lang en|fr --app BUILDDIR/src/gui/mailroom
      --cli BUILDDIR/src/cli/mailroom-cli --schema-dir BUILDDIR/data
      --locale-dir BUILDDIR/po --screenshot OUT.png [--contacts 200]
"""

import argparse
import os
import shutil
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import e2e_harness as h  # noqa: E402
from e2e_harness import StepFailed, check, diag, key, type_text, wait_for  # noqa: E402

# What the test types. Personnel IDs are digits, as a badge reader sends them.
ADA = {"first_name": "Margaux", "last_name": "Abadie",
       "email": "margaux.abadie@example.org", "personnel_id": "90017342"}
BOB = {"first_name": "Bastien", "last_name": "Quenneville",
       "personnel_id": "90017343"}
NEW_PHONE = "+33 1 70 36 42 17"
# Not walked into when looking for a control: each row costs D-Bus round trips.
LISTS = ("list",)


def fold(text):
    """Lower case without accents: what a person types on a plain keyboard."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def full_name(c):
    return "%s %s" % (c["first_name"], c["last_name"])


class Scenario:
    def __init__(self, opts, pyatspi):
        self.o = opts
        self.workdir = os.environ["MR_E2E_WORKDIR"]
        self.db = os.path.join(self.workdir, "addressbook.db")
        self.cli = h.Cli(opts.cli, self.db)
        self.tr = h.Strings(opts.lang, opts.locale_dir)
        self.pyatspi = pyatspi
        self.app = None
        self.ui = None
        self._page = None
        self._details = None
        env = dict(os.environ)
        env.update({"GSETTINGS_BACKEND": "keyfile",
                    "GSETTINGS_SCHEMA_DIR": opts.schema_dir})
        self.app_env = env
        self.n_demo = opts.contacts

    # Finding things ------------------------------------------------------

    def main_window(self):
        return wait_for("the main window “%s” on AT-SPI" % self.tr("Mailroom"),
                        lambda: self.ui.window(self.tr("Mailroom")), timeout=20)

    def page(self):
        """The Contacts page: the nearest ancestor of the search entry that also
        holds the contact list and the details side (its placeholder, “No
        Contact Selected”, until a contact is selected, then the details with
        their Edit button)."""
        if self._page is not None:
            return self._page
        win = self.main_window()
        entry = wait_for("the search entry “%s”" % self.tr("Search contacts"),
                         lambda: self.ui.find(win, "entry", self.tr("Search contacts"),
                                              skip=LISTS))
        node = entry
        for _ in range(8):
            node = node.parent
            if node is None:
                break
            if (self.ui.find(node, "list", self.tr("Contacts"), max_depth=8, skip=LISTS) and
                    (self.ui.find(node, "label", self.tr("No Contact Selected"), max_depth=14,
                                  skip=LISTS) or
                     self.ui.find(node, "push button", self.tr("_Edit"), max_depth=14,
                                  skip=LISTS))):
                self._page = node
                self._details = None
                return node
        raise StepFailed("no ancestor of the search entry holds the list “%s” and the "
                         "details side" % self.tr("Contacts"))

    def search_entry(self):
        return self.ui.find(self.page(), "entry", self.tr("Search contacts"), skip=LISTS)

    def count_label(self):
        label = self.ui.find(self.page(), "status bar", skip=LISTS)
        return label.name if label is not None else None

    def contact_list(self):
        return self.ui.find(self.page(), "list", self.tr("Contacts"), skip=LISTS)

    def rows(self):
        """(name, selected) of each row the list shows: each row is named after
        its contact."""
        result = []
        for item in self.ui.children(self.contact_list()):
            kids = self.ui.children(item)
            if kids:
                result.append((kids[0].name, self.ui.selected(item)))
        return result

    def selected_row(self):
        for name, selected in self.rows():
            if selected:
                return name
        return None

    def details(self):
        """The details pane: the nearest ancestor of its Edit button that holds
        the field rows (the contact list is not walked)."""
        if self._details is None:
            node = self.ui.find(self.page(), "push button", self.tr("_Edit"), skip=LISTS)
            for _ in range(6):
                node = node.parent
                if self.ui.find(node, "list item", self.tr("Email"), max_depth=10):
                    self._details = node
                    break
        return self._details

    def detail(self, field):
        """The value shown in the details for field (e.g. “Phone”)."""
        row = self.ui.find(self.details(), "list item", field)
        if row is None:
            return None
        labels = [a.name for a in self.ui.find_all(row, "label")]
        values = [n for n in labels if n != field]
        return values[0] if values else None

    def editor(self, title):
        return self.ui.window(title)

    def editor_closed(self, title):
        """Waits for the editor to close and, as a window manager would, gives
        the keyboard back to the main window."""
        wait_for("the editor “%s” to close" % title, lambda: self.editor(title) is None)
        if h.x_focus_name() != self.tr("Mailroom"):
            h.focus_x_window(self.app.proc.pid, self.tr("Mailroom"))

    def field(self, editor, name):
        a = self.ui.find(editor, "text", name)
        check(a is not None, "the editor has no field named “%s”" % name)
        return a

    def field_text(self, editor, name):
        return self.ui.text(self.field(editor, name))

    def toast(self):
        """(title, undo button) of the toast on screen, or None."""
        win = self.ui.window(self.tr("Mailroom"))
        if win is None:
            return None
        undo = self.ui.find(win, "push button", self.tr("_Undo"), max_depth=8, skip=LISTS)
        if undo is None:
            return None
        labels = [a.name for a in self.ui.find_all(undo.parent, "label", max_depth=3)
                  if h.clean_name(a.name) != h.clean_name(self.tr("_Undo"))]
        return (labels[0] if labels else None), undo

    def wait_count(self, expected, what):
        wait_for("the count to read “%s” (%s)" % (expected, what),
                 lambda: self.count_label() == expected)

    def contacts_text(self, n):
        return self.tr.n("%u contact", "%u contacts", n)

    def results_text(self, n):
        return self.tr.n("%u result", "%u results", n)

    def search(self, text, expected_names):
        """Ctrl+F, replace the search text, wait for exactly these rows."""
        key("ctrl+f")
        wait_for("the search entry to have the focus (Ctrl+F)",
                 lambda: self.ui.focused(self.search_entry()))
        key("ctrl+a")
        type_text(text)
        wait_for("the search entry to hold “%s”" % text,
                 lambda: self.ui.text(self.search_entry()) == text)
        self.wait_count(self.results_text(len(expected_names)), "search “%s”" % text)
        wait_for("the rows %s" % sorted(expected_names),
                 lambda: sorted(n for n, _ in self.rows()) == sorted(expected_names))

    def select_by_search(self, text, name):
        """Search, then Enter: the first result is selected and the list focused."""
        self.search(text, [name])
        key("Return")
        wait_for("“%s” to be selected" % name, lambda: self.selected_row() == name)

    # Diagnostics ---------------------------------------------------------

    def on_failure(self, n):
        shots = os.path.dirname(os.path.abspath(self.o.screenshot))
        path = os.path.join(shots, "failure-%s-%d.png" % (self.o.lang, n))
        try:
            h.screenshot(path)
            diag("screenshot of the failure: " + path)
        except Exception as e:
            diag("no screenshot: %s" % e)
        diag("X input focus: “%s”" % h.x_focus_name())
        if self.app is not None:
            log = self.app.log().strip()
            if log:
                diag("app log (last lines):\n" + "\n".join(log.splitlines()[-15:]))
            if not self.app.running():
                diag("the app is not running (exit status %s)" % self.app.proc.returncode)

    # Steps ---------------------------------------------------------------

    def make_demo(self):
        self.cli.run("demo", "--contacts", str(self.n_demo), "--seed", "1")
        contacts = self.cli.json("contacts", "list")
        check(len(contacts) == self.n_demo, "the demo has %d contacts, not %d"
              % (len(contacts), self.n_demo))
        for pid in (ADA["personnel_id"], BOB["personnel_id"]):
            check(self.cli.show(pid) is None, "the demo already uses Personnel ID " + pid)
        # A last name with accents, typed without them, that finds few people.
        accented = sorted((c for c in contacts
                           if c["last_name"] and fold(c["last_name"]) != c["last_name"].lower()
                           and fold(c["last_name"]).isascii() and fold(c["last_name"]).isalpha()),
                          key=lambda c: (c["last_name"], c["first_name"]))
        for c in accented:
            term = fold(c["last_name"])
            hits = self.cli.json("contacts", "search", term)
            if 1 <= len(hits) <= 4 and any(x["id"] == c["id"] for x in hits):
                self.term = term
                self.term_names = [x["display_name"] for x in hits]
                self.term_contact = c
                diag("search: “%s” for %s (%d result(s): %s)" % (
                    term, full_name(c), len(hits), ", ".join(self.term_names)))
                return
        raise StepFailed("no accented last name in the demo finds 1 to 4 contacts")

    def start_app(self):
        self.app = h.App(self.o.app, self.db, self.app_env,
                         os.path.join(self.workdir, "app-%s.log" % self.o.lang))
        pid = self.app.start()
        self.ui = h.Ui(self.pyatspi, pid)
        self._page = None
        self._details = None
        t0 = time.monotonic()
        wait_for("mailroom to appear on the AT-SPI bus",
                 lambda: self.ui.app() is not None or not self.app.running(), timeout=30)
        check(self.app.running(), "mailroom exited at start (status %s)"
              % self.app.proc.returncode)
        t1 = time.monotonic()
        self.main_window()
        t2 = time.monotonic()
        self.page()
        diag("mailroom on AT-SPI after %.1f s, its Contacts page found in %.1f s"
             % (t1 - t0, time.monotonic() - t2))

    def step_start(self):
        self.start_app()
        self.wait_count(self.contacts_text(self.n_demo), "at start")
        wait_for("the search entry to have the focus at start",
                 lambda: self.ui.focused(self.search_entry()))
        # Alt+2 and back with Alt+1: the view switcher follows.
        win = self.main_window()

        def tab_selected(name):
            tab = self.ui.find(win, "page tab", name, max_depth=14, skip=LISTS)
            return tab is not None and self.ui.selected(tab)

        key("alt+2")
        wait_for("Alt+2 to show “%s”" % self.tr("Departments"),
                 lambda: tab_selected(self.tr("Departments")))
        key("alt+1")
        wait_for("Alt+1 to show “%s”" % self.tr("Contacts"),
                 lambda: tab_selected(self.tr("Contacts")))
        wait_for("the search entry to have the focus again",
                 lambda: self.ui.focused(self.search_entry()))

    def step_search(self):
        self.search(self.term, self.term_names)
        check(full_name(self.term_contact) in [n for n, _ in self.rows()],
              "%s is not in the list" % full_name(self.term_contact))

    def step_escape(self):
        key("Escape")
        wait_for("Escape to empty the search",
                 lambda: self.ui.text(self.search_entry()) == "")
        self.wait_count(self.contacts_text(self.n_demo), "after Escape")

    def type_new_contact(self, c):
        """Ctrl+N and fill the editor, moving from field to field with Enter
        (the editor's own order: first, last, email, phone, Personnel ID)."""
        key("ctrl+n")
        ed = wait_for("the editor “%s”" % self.tr("New Contact"),
                      lambda: self.editor(self.tr("New Contact")))
        wait_for("the editor's fields",
                 lambda: self.ui.find(ed, "text", self.tr("Personnel ID")))
        type_text(c["first_name"])
        key("Return")
        type_text(c["last_name"])
        key("Return")
        type_text(c.get("email", ""))
        key("Return")
        type_text(c.get("phone", ""))
        key("Return")
        type_text(c["personnel_id"])
        for label, value in ((self.tr("First name"), c["first_name"]),
                             (self.tr("Last name"), c["last_name"]),
                             (self.tr("Email"), c.get("email", "")),
                             (self.tr("Phone"), c.get("phone", "")),
                             (self.tr("Personnel ID"), c["personnel_id"])):
            wait_for("the field “%s” to hold “%s”" % (label, value),
                     lambda: self.field_text(ed, label) == value, timeout=5)
        return ed

    def step_add(self):
        self.type_new_contact(ADA)
        key("ctrl+Return")
        self.editor_closed(self.tr("New Contact"))
        name = full_name(ADA)
        # The toast first: it lasts a few seconds, and on a loaded machine
        # the list checks below can take longer than that.
        expected = self.tr("“%s” added") % name
        wait_for("the toast “%s”" % expected,
                 lambda: (self.toast() or (None,))[0] == expected, timeout=10)
        wait_for("“%s” to be selected in the list" % name,
                 lambda: self.selected_row() == name)
        self.wait_count(self.contacts_text(self.n_demo + 1), "after adding")
        stored = self.cli.show(ADA["personnel_id"])
        check(stored is not None, "mailroom-cli does not find Personnel ID %s"
              % ADA["personnel_id"])
        for k, v in ADA.items():
            check(stored[k] == v, "stored %s is %r, typed %r" % (k, stored[k], v))
        check(not stored["phone"] and not stored["department_id"],
              "fields left empty were stored: %r" % stored)
        self.ada_id = stored["id"]

    def step_duplicate(self):
        dup = dict(BOB, personnel_id=ADA["personnel_id"])
        ed = self.type_new_contact(dup)
        key("ctrl+Return")
        msgid = ("Duplicate Personnel ID: “%s” is already used by %s. Each badge or card "
                 "number belongs to one person.")
        expected = self.tr(msgid) % (ADA["personnel_id"], full_name(ADA))
        group = self.ui.find(ed, "list", self.tr("Identification"))
        check(group is not None, "no group “%s” in the editor" % self.tr("Identification"))

        def error_after_field():
            rows = self.ui.children(group)
            names = [r.name for r in rows]
            i = names.index(self.tr("Personnel ID"))
            # The next row is the error's, shown only while there is one.
            if i + 1 >= len(rows) or rows[i + 1].getRoleName() != "list item":
                return None
            labels = self.ui.find_all(rows[i + 1], "label", max_depth=3)
            return labels[0].name if labels else None

        shown = wait_for("an error right under the Personnel ID field",
                         lambda: error_after_field(), timeout=5)
        diag("error shown: " + shown)
        check(shown == expected, "the error reads %r, expected %r" % (shown, expected))
        if msgid in self.tr.untranslated:
            diag("po/%s.po has no translation of this message yet: the app shows it in "
                 "English, as expected from its catalogue" % self.o.lang)
        check(self.editor(self.tr("New Contact")) is not None, "the editor closed")
        pid_field = self.field(ed, self.tr("Personnel ID"))
        check(self.ui.has_state(pid_field, self.pyatspi.STATE_INVALID_ENTRY) or
              self.ui.has_state(pid_field, self.pyatspi.STATE_INVALID),
              "the Personnel ID field is not marked invalid")
        check(self.cli.show(BOB["personnel_id"]) is None, "something was stored")
        self.dup_editor = ed

    def step_fix_duplicate(self):
        ed = self.dup_editor
        # The failed save put the focus in the Personnel ID field.
        key("ctrl+a")
        type_text(BOB["personnel_id"])
        wait_for("the Personnel ID field to hold the new value",
                 lambda: self.field_text(ed, self.tr("Personnel ID")) == BOB["personnel_id"])
        check(self.field_text(ed, self.tr("First name")) == BOB["first_name"],
              "typing went somewhere else: the first name changed")
        group = self.ui.find(ed, "list", self.tr("Identification"))
        wait_for("the error to go once the field is changed",
                 lambda: len(self.ui.children(group)) == 2)
        key("ctrl+Return")
        self.editor_closed(self.tr("New Contact"))
        name = full_name(BOB)
        wait_for("“%s” to be selected" % name, lambda: self.selected_row() == name)
        stored = self.cli.show(BOB["personnel_id"])
        check(stored is not None and stored["first_name"] == BOB["first_name"] and
              stored["last_name"] == BOB["last_name"], "stored: %r" % stored)
        first = self.cli.show(ADA["personnel_id"])
        check(first is not None and first["id"] == self.ada_id,
              "Personnel ID %s no longer belongs to %s" % (ADA["personnel_id"], full_name(ADA)))
        self.bob_id = stored["id"]

    def step_edit(self):
        name = full_name(ADA)
        self.select_by_search(fold(ADA["last_name"]), name)
        key("ctrl+e")
        ed = wait_for("the editor “%s”" % self.tr("Edit Contact"),
                      lambda: self.editor(self.tr("Edit Contact")))
        wait_for("the editor to show %s" % name,
                 lambda: self.field_text(ed, self.tr("First name")) == ADA["first_name"])
        # First name → Last name → Email → Phone, with Tab.
        key("Tab", "Tab", "Tab")
        key("ctrl+a")
        type_text(NEW_PHONE)
        wait_for("the Phone field to hold “%s”" % NEW_PHONE,
                 lambda: self.field_text(ed, self.tr("Phone")) == NEW_PHONE)
        check(self.field_text(ed, self.tr("Email")) == ADA["email"],
              "the email changed while typing the phone")
        # Tab to the department, then the place, and pick one from each list
        # with the keyboard: Enter opens it, Down twice, Enter chooses.
        chosen = {}
        for title in (self.tr("Department"), self.tr("Place")):
            combo = self.ui.find(ed, "combo box", title)
            check(combo is not None, "no “%s” in the editor" % title)
            key("Tab")
            wait_for("the %s row to have the focus" % title, lambda: self.ui.focused(combo))
            key("Return")
            time.sleep(0.4)
            key("Down", "Down")
            key("Return")

            def value():
                labels = [a.name for a in self.ui.find_all(combo, "label")]
                labels = [n for n in labels
                          if n not in (title, self.tr("Where their mail is delivered"))]
                return labels[0] if labels else None

            chosen[title] = wait_for("a choice in “%s”" % title,
                                     lambda: value() not in (None, self.tr("None"))
                                     and value(), timeout=5)
            diag("%s chosen: %s" % (title, chosen[title]))
        key("ctrl+Return")
        self.editor_closed(self.tr("Edit Contact"))
        stored = self.cli.show(ADA["personnel_id"])
        check(stored["phone"] == NEW_PHONE, "stored phone %r" % stored["phone"])
        check(stored["department"] == chosen[self.tr("Department")],
              "stored department %r" % stored["department"])
        check(stored["place_path"] == chosen[self.tr("Place")],
              "stored place %r" % stored["place_path"])
        for k in ("first_name", "last_name", "email"):
            check(stored[k] == ADA[k], "the edit changed %s to %r" % (k, stored[k]))
        self.department = chosen[self.tr("Department")]
        wait_for("the details to show the phone %s" % NEW_PHONE,
                 lambda: self.detail(self.tr("Phone")) == NEW_PHONE)
        expected = self.tr("“%s” updated") % name
        wait_for("the toast “%s”" % expected,
                 lambda: (self.toast() or (None,))[0] == expected, timeout=10)

    def step_delete_undo(self):
        name = full_name(BOB)
        self.select_by_search(fold(BOB["last_name"]), name)
        key("Delete")
        expected = self.tr("“%s” deleted") % name
        title, undo = wait_for("the toast “%s” with an Undo button" % expected,
                               lambda: self.toast() if (self.toast() or (None,))[0] == expected
                               else None, timeout=5)
        check(self.cli.show(BOB["personnel_id"]) is None,
              "mailroom-cli still shows the deleted contact")
        self.wait_count(self.results_text(0), "the deleted contact left the search")
        check(self.ui.click(undo), "the Undo button did not take the click")
        wait_for("mailroom-cli to find the contact again after Undo",
                 lambda: self.cli.show(BOB["personnel_id"]) is not None)
        self.wait_count(self.results_text(1), "the contact is back in the search")
        wait_for("“%s” back in the list and selected" % name,
                 lambda: self.selected_row() == name)

    def step_delete_expire(self):
        name = full_name(BOB)
        self.select_by_search(fold(BOB["last_name"]), name)
        key("Delete")
        expected = self.tr("“%s” deleted") % name
        wait_for("the toast “%s”" % expected,
                 lambda: (self.toast() or (None,))[0] == expected, timeout=10)
        shown = time.monotonic()
        wait_for("the toast to expire", lambda: self.toast() is None, timeout=20,
                 interval=0.25)
        diag("the toast stayed %.1f s" % (time.monotonic() - shown))
        check(self.cli.show(BOB["personnel_id"]) is None,
              "mailroom-cli contacts show still finds the deleted contact")

    def step_quit(self):
        key("ctrl+q")
        rc = self.app.wait_exit(10)
        check(rc is not None, "the app still runs 10 s after Ctrl+Q")
        check(rc == 0, "the app exited with status %d" % rc)

    def step_restart(self):
        self.start_app()
        self.wait_count(self.contacts_text(self.n_demo + 1), "after the restart")
        name = full_name(ADA)
        self.select_by_search(fold(ADA["last_name"]), name)
        wait_for("the details to show the phone %s after the restart" % NEW_PHONE,
                 lambda: self.detail(self.tr("Phone")) == NEW_PHONE)
        check(self.detail(self.tr("Department")) == self.department,
              "the department shown is %r" % self.detail(self.tr("Department")))
        self.search(fold(BOB["last_name"]), [])

    def step_screenshot(self):
        name = full_name(ADA)
        self.select_by_search(fold(ADA["last_name"]), name)
        key("ctrl+f")
        key("Escape")
        self.wait_count(self.contacts_text(self.n_demo + 1), "the search cleared")
        wait_for("“%s” still selected with the whole list" % name,
                 lambda: self.selected_row() == name)
        wait_for("its details", lambda: self.detail(self.tr("Phone")) == NEW_PHONE)
        time.sleep(1.0)  # let the toast and the selection animations finish
        path = os.path.abspath(self.o.screenshot)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        h.screenshot(path)
        size = h.png_size(path)
        check(size == h.SCREEN, "the screenshot is %dx%d" % size)
        check(os.path.getsize(path) > 20000, "the screenshot is nearly empty")
        diag("screenshot: " + path)
        key("ctrl+q")
        check(self.app.wait_exit(10) == 0, "the app did not quit cleanly after Ctrl+Q")


def inner(opts):
    try:
        pyatspi = h.import_atspi()
    except h.Skip as e:
        h.out("SKIP-ALL %s" % e)
        return h.SKIP
    reason = h.atspi_unavailable()
    if reason:
        h.out("SKIP-ALL " + reason)
        return h.SKIP
    for tool in ("xdotool", "import"):
        if not shutil.which(tool):
            h.out("not ok 1 - %s is installed (xdotool, imagemagick: make deps)" % tool)
            return 0

    started = time.monotonic()
    s = Scenario(opts, pyatspi)
    h.write_settings(os.environ["XDG_CONFIG_HOME"], opts.lang)
    tap = h.Tap()
    try:
        tap.step("a demo database of %d contacts" % opts.contacts, s.make_demo)
        tap.step("the main window opens on Contacts; Alt+2 and Alt+1 switch pages",
                 s.step_start, s.on_failure)
        tap.step("typing a last name without accents finds the contact",
                 s.step_search, s.on_failure)
        tap.step("Escape clears the search", s.step_escape, s.on_failure)
        tap.step("Ctrl+N, typing, Ctrl+Return adds a contact, stored as typed",
                 s.step_add, s.on_failure)
        tap.step("a duplicate Personnel ID is refused under the field, editor open",
                 s.step_duplicate, s.on_failure)
        tap.step("correcting the Personnel ID saves", s.step_fix_duplicate, s.on_failure)
        tap.step("Ctrl+E edits the phone, department and place", s.step_edit, s.on_failure)
        tap.step("Delete shows a toast whose Undo brings the contact back",
                 s.step_delete_undo, s.on_failure)
        tap.step("Delete again and the toast expires: the contact stays deleted",
                 s.step_delete_expire, s.on_failure)
        tap.step("Ctrl+Q quits", s.step_quit, s.on_failure)
        tap.step("after a restart the edit is still there", s.step_restart, s.on_failure)
        tap.step("screenshot of the Contacts page", s.step_screenshot, s.on_failure)
    finally:
        if s.app is not None:
            s.app.stop()
    if s.tr.untranslated:
        diag("shown untranslated in %s (not in po/%s.po yet):" % (opts.lang, opts.lang))
        for msgid in sorted(s.tr.untranslated):
            diag("  " + msgid)
    diag("%s run: %.1f s" % (opts.lang, time.monotonic() - started))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lang", default="en", choices=["en", "fr"])
    parser.add_argument("--app", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--schema-dir", required=True)
    parser.add_argument("--locale-dir", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--contacts", type=int, default=200)
    opts = parser.parse_args()
    if opts.inner:
        return inner(opts)
    argv = [a for a in sys.argv[1:] if a != "--inner"]
    return h.run_outer(os.path.abspath(__file__), argv)


if __name__ == "__main__":
    sys.exit(main())
