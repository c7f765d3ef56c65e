"""Notices from the file system: a directory of saved emails, or a Maildir.

Both hand out the file's bytes exactly as stored (no line-end or header rewriting) and never
write into a message file: labelling only renames or moves files. Neither can hold the
comment; it is the pipeline database's to keep, like every ticket's outcome.

``DirectorySource``
    A tree of ``.eml``/``.txt`` files, e.g. an export for a backfill. The ticket id is the
    path relative to the root (POSIX separators). With ``move=True`` a labelled file moves to
    ``<root>/<Outcome>/<same relative path>`` and the outcome folders are never scanned, so
    the next ``fetch_new`` skips it. With ``move=False`` (the default) the tree is left
    untouched, ``label`` records nothing and every ``fetch_new`` returns every file: the
    pipeline database, which knows each ticket id, is what skips the ones already processed.
    Hidden files and folders (``.name``) are skipped: they are editors' and copy tools'
    temporary files.

``MaildirSource``
    A Maildir (standard library ``mailbox.Maildir``), e.g. the one an MDA or dovecot delivers
    into; ``folder`` picks a Maildir++ subfolder. Messages in ``new/`` and ``cur/`` without an
    outcome label and without the ``T`` (trashed, IMAP ``\\Deleted``) flag are new; the ticket
    id is the message's Maildir key (its unique file name without the info part). The label
    mapping is dovecot's, so a dovecot serving the same Maildir shows the labels as IMAP
    keywords and the IMAP source and this one agree on what is labelled:

    * each outcome is a Maildir keyword: a lowercase letter in the file name's info part
      (``<key>:2,<flags>``), the letter for each keyword name being recorded in the folder's
      ``dovecot-keywords`` file (``0 MaintParseSuccess`` means letter ``a``); letters already
      there are reused, missing names get the next free letter (26 at most);
    * labelling moves a message from ``new/`` to ``cur/`` (where a message with flags lives);
      ``S`` (seen) and the other standard flags are kept as they were, never added;
    * ``move_to={"MaintParseSuccess": "Processed", ...}`` also moves the labelled message to
      that Maildir++ folder (created when missing; ``.`` separates levels), keeping its key
      and flags and labelling it there too. Outcomes without a folder stay where they are.

    Flags are changed by renaming the file, never by rewriting it: ``mailbox.Maildir`` on
    Python 3.11 can only change flags by writing a new copy of the message.
"""

from __future__ import annotations

import mailbox
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from .base import IngestError, Outcome, Ticket

_OUTCOME_DIRS = frozenset(outcome.value for outcome in Outcome)


class DirectorySource:
    """A directory tree of saved emails as a ``HelpdeskSource`` (see the module doc)."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        move: bool = False,
        suffixes: Sequence[str] = (".eml", ".txt"),
        name: str = "dir",
    ) -> None:
        self.root = Path(root)
        self.move = move
        self.suffixes = tuple(suffix.lower() for suffix in suffixes)
        self.name = name

    def __repr__(self) -> str:
        return f"DirectorySource({str(self.root)!r}, move={self.move})"

    def _check_root(self) -> None:
        if not self.root.is_dir():
            found = "a file" if self.root.exists() else "nothing"
            raise IngestError(f"directory source: expected a directory at {self.root}, found {found}")

    def _files(self) -> list[Path]:
        self._check_root()
        found: list[Path] = []
        for directory, subdirs, files in os.walk(self.root, onerror=None):
            here = Path(directory)
            # Labelled files live in the outcome folders at the top; hidden entries are
            # temporary files of other tools.
            subdirs[:] = sorted(
                d for d in subdirs if not d.startswith(".") and not (here == self.root and d in _OUTCOME_DIRS)
            )
            for file_name in files:
                if not file_name.startswith(".") and file_name.lower().endswith(self.suffixes):
                    found.append(here / file_name)

        def age(path: Path) -> tuple[int, str]:
            return path.stat().st_mtime_ns, path.relative_to(self.root).as_posix()

        return sorted(found, key=age)

    def fetch_new(self) -> Iterator[Ticket]:
        """Every file not yet moved to an outcome folder, oldest (by mtime) first."""
        for path in self._files():
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue  # removed since the scan
            except OSError as exc:
                raise IngestError(f"directory source {self.root}: expected to read {path}, found {exc}") from exc
            yield Ticket(source=self.name, ticket_id=path.relative_to(self.root).as_posix(), raw=raw)

    def label(self, ticket: Ticket, outcome: Outcome, comment: str) -> None:
        outcome = Outcome(outcome)
        path = self._path_of(ticket)
        if not self.move:
            return  # by design: the tree stays as it is, the database remembers
        if not path.is_file():
            raise IngestError(f"directory source {self.root}: expected the file {ticket.ticket_id}, found none")
        target = self.root / outcome.value / ticket.ticket_id
        if target.exists() and target.read_bytes() != path.read_bytes():
            raise IngestError(
                f"directory source {self.root}: cannot move {ticket.ticket_id} to {target.relative_to(self.root)}, "
                "a different file is already there"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)  # same file system: atomic, the bytes are not touched

    def _path_of(self, ticket: Ticket) -> Path:
        relative = Path(ticket.ticket_id)
        if ticket.source != self.name or relative.is_absolute() or ".." in relative.parts:
            raise IngestError(
                f"directory source {self.root}: expected a ticket of source {self.name!r} with a relative path, "
                f"found source {ticket.source!r} id {ticket.ticket_id!r}"
            )
        return self.root / relative


_KEYWORD_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _Folder:
    """One Maildir folder's files and its dovecot-keywords table."""

    def __init__(self, maildir: mailbox.Maildir, path: Path) -> None:
        self.maildir = maildir
        self.path = path

    def keywords(self) -> dict[str, str]:
        """Keyword name -> letter, from dovecot-keywords."""
        table: dict[str, str] = {}
        try:
            text = (self.path / "dovecot-keywords").read_text(encoding="utf-8")
        except FileNotFoundError:
            return table
        for line in text.splitlines():
            match = re.fullmatch(r"(\d+) (\S+)", line.strip())
            if match and int(match.group(1)) < len(_KEYWORD_LETTERS):
                table[match.group(2)] = _KEYWORD_LETTERS[int(match.group(1))]
        return table

    def letter(self, keyword: str) -> str:
        """The letter of ``keyword``, adding it to dovecot-keywords when missing."""
        table = self.keywords()
        if keyword in table:
            return table[keyword]
        used = {_KEYWORD_LETTERS.index(letter) for letter in table.values()}
        free = next((i for i in range(len(_KEYWORD_LETTERS)) if i not in used), None)
        if free is None:
            raise IngestError(f"Maildir {self.path}: no free keyword letter for {keyword} (all 26 in use)")
        lines = [f"{_KEYWORD_LETTERS.index(letter)} {name}" for name, letter in table.items()]
        lines.append(f"{free} {keyword}")
        # Written aside and renamed in, so a reader (dovecot) never sees half a table.
        handle, temp = tempfile.mkstemp(dir=self.path, prefix=".dovecot-keywords.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join(sorted(lines, key=lambda line: int(line.split()[0]))) + "\n")
        os.chmod(temp, 0o644)
        os.replace(temp, self.path / "dovecot-keywords")
        return _KEYWORD_LETTERS[free]

    def files(self) -> dict[str, tuple[Path, str]]:
        """Maildir key -> (file, flags) for every message in new/ and cur/."""
        found: dict[str, tuple[Path, str]] = {}
        colon = self.maildir.colon
        for subdir in ("new", "cur"):
            try:
                entries = list(os.scandir(self.path / subdir))
            except FileNotFoundError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                key, _, info = entry.name.partition(colon)
                flags = info[2:] if info.startswith("2,") else ""
                found[key] = (Path(entry.path), flags)
        return found


class MaildirSource:
    """A Maildir as a ``HelpdeskSource`` (see the module doc for the label mapping)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        folder: str | None = None,
        move_to: Mapping[Outcome | str, str] | None = None,
        name: str = "maildir",
    ) -> None:
        self.path = Path(path)
        self.folder = folder
        self.name = name
        self.move_to: dict[Outcome, str] = {}
        for key, target in (move_to or {}).items():
            try:
                outcome = Outcome(key)
            except ValueError:
                raise ValueError(f"move_to keys must be outcomes {sorted(_OUTCOME_DIRS)}, found {key!r}") from None
            if target == folder:
                raise ValueError(f"move_to[{outcome.value!r}] is the watched folder {folder!r} itself")
            self.move_to[outcome] = target

    def __repr__(self) -> str:
        return f"MaildirSource({str(self.path)!r}, folder={self.folder!r})"

    def _root(self) -> mailbox.Maildir:
        if not all((self.path / sub).is_dir() for sub in ("new", "cur", "tmp")):
            raise IngestError(f"Maildir source: expected a Maildir (new/, cur/, tmp/) at {self.path}, found none")
        return mailbox.Maildir(self.path, factory=None, create=False)

    def _watched(self) -> _Folder:
        root = self._root()
        if self.folder is None:
            return _Folder(root, self.path)
        if self.folder not in root.list_folders():
            found = ", ".join(sorted(root.list_folders())) or "none"
            raise IngestError(f"Maildir {self.path}: expected the folder {self.folder!r}, found: {found}")
        return _Folder(root.get_folder(self.folder), self.path / f".{self.folder}")

    def fetch_new(self) -> Iterator[Ticket]:
        """Unlabelled, untrashed messages of new/ and cur/, oldest (by mtime) first."""
        folder = self._watched()
        labels = {folder.keywords().get(outcome.value) for outcome in Outcome} - {None}
        pending = [
            (path.stat().st_mtime_ns, key, path)
            for key, (path, flags) in folder.files().items()
            if "T" not in flags and not labels & set(flags)
        ]
        for _, key, _path in sorted(pending):
            try:
                # get_file hands out the stored bytes; get_bytes/get_message would convert.
                with folder.maildir.get_file(key) as stored:
                    raw = stored.read()
            except KeyError:
                continue  # moved or deleted by another client since the scan
            yield Ticket(source=self.name, ticket_id=key, raw=raw)

    def label(self, ticket: Ticket, outcome: Outcome, comment: str) -> None:
        outcome = Outcome(outcome)
        if ticket.source != self.name or "/" in ticket.ticket_id or ticket.ticket_id.startswith("."):
            raise IngestError(
                f"Maildir {self.path}: expected a ticket of source {self.name!r} with a Maildir key, "
                f"found source {ticket.source!r} id {ticket.ticket_id!r}"
            )
        folder = self._watched()
        entry = folder.files().get(ticket.ticket_id)
        if entry is None:
            raise IngestError(f"Maildir {self.path}: expected message {ticket.ticket_id}, found none")
        path, flags = entry
        target_name = self.move_to.get(outcome)
        if target_name is None:
            destination = folder
        else:
            root = self._root()
            if target_name not in root.list_folders():
                root.add_folder(target_name)
            destination = _Folder(root.get_folder(target_name), self.path / f".{target_name}")
        # Drop any other outcome's letter (a re-run may change the outcome), add this one's.
        # Keyword letters are per folder: a move translates the other keywords by name.
        names = {letter: name for name, letter in folder.keywords().items()}
        kept: set[str] = set()
        for flag in flags:
            if not flag.islower():
                kept.add(flag)  # a standard flag: S, R, F, ...
            elif names.get(flag) in _OUTCOME_DIRS:
                continue
            elif destination is folder:
                kept.add(flag)
            elif flag in names:
                kept.add(destination.letter(names[flag]))
        new_flags = "".join(sorted(kept | {destination.letter(outcome.value)}))
        new_path = destination.path / "cur" / f"{ticket.ticket_id}{folder.maildir.colon}2,{new_flags}"
        try:
            os.rename(path, new_path)
        except FileNotFoundError:
            raise IngestError(f"Maildir {self.path}: message {ticket.ticket_id} vanished while labelling") from None
