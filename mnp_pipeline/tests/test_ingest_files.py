"""DirectorySource and MaildirSource on temp trees built from the project's sample notices."""

from __future__ import annotations

import mailbox
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from imap_server import DovecotServer

import mnp_core
from mnp_pipeline.ingest.base import HelpdeskSource, IngestError, Outcome, Ticket
from mnp_pipeline.ingest.files import DirectorySource, MaildirSource
from mnp_pipeline.ingest.imap import ImapSource

SAMPLES_ROOT = Path(__file__).resolve().parents[2] / "test_emails"
SAMPLES = [
    SAMPLES_ROOT / "colt" / "reminder_two_services.eml",  # a CSV attachment
    SAMPLES_ROOT / "att" / "att_planned_two_circuits.eml",  # an XLSX attachment
    SAMPLES_ROOT / "megaport" / "planned_reminder_two_services.eml",  # raw 8-bit UTF-8
    SAMPLES_ROOT / "turkcell" / "bilingual_cancelled_piped.eml",  # CRLF line ends, Turkish
    SAMPLES_ROOT / "lumen" / "support_ticket.eml",  # not a maintenance
]
OUTCOMES = [Outcome.SUCCESS, Outcome.FAILED, Outcome.IGNORED, Outcome.SUCCESS, Outcome.IGNORED]


def parsed(raw: bytes) -> Any:
    try:
        return mnp_core.parse_email(raw).to_json_dict()["events"]
    except mnp_core.MaintParseException as exc:
        return type(exc).__name__


def stamp(path: Path, order: int) -> None:
    """Distinct mtimes, so 'oldest first' has one answer."""
    os.utime(path, ns=(1_700_000_000_000_000_000 + order * 1_000_000_000,) * 2)


# DirectorySource.


def make_tree(root: Path) -> list[str]:
    """The samples in nested folders (one as .txt), plus files the source must ignore."""
    relative = []
    for order, sample in enumerate(SAMPLES):
        name = f"{sample.parent.name}/{sample.stem}{'.txt' if order == 2 else '.eml'}"
        if order == 1:
            name = f"2024/q3/{name}"
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample, target)
        stamp(target, order)
        relative.append(name)
    (root / "colt" / "reminder_two_services.json").write_text("{}")  # not an email
    (root / "colt" / ".partial.eml").write_bytes(b"half a copy")  # a copy tool's temp file
    (root / ".git").mkdir()
    (root / ".git" / "x.eml").write_bytes(b"not a notice")
    return relative


def test_directory_source_returns_every_notice_byte_for_byte(tmp_path: Path) -> None:
    relative = make_tree(tmp_path)
    source = DirectorySource(tmp_path)
    assert isinstance(source, HelpdeskSource)
    tickets = list(source.fetch_new())
    assert [t.ticket_id for t in tickets] == relative  # oldest first, paths relative to the root
    for ticket, sample in zip(tickets, SAMPLES, strict=True):
        assert ticket.source == "dir"
        assert ticket.raw == sample.read_bytes()  # exactly, CRLF files included
        assert parsed(ticket.raw) == parsed(sample.read_bytes())


def test_directory_source_moves_labelled_files_into_outcome_folders(tmp_path: Path) -> None:
    relative = make_tree(tmp_path)
    source = DirectorySource(tmp_path, move=True)
    tickets = list(source.fetch_new())
    for ticket, outcome in zip(tickets, OUTCOMES, strict=True):
        source.label(ticket, outcome, "the comment goes to the database, not the tree")

    assert list(source.fetch_new()) == []
    for name, outcome, sample in zip(relative, OUTCOMES, SAMPLES, strict=True):
        assert not (tmp_path / name).exists()
        assert (tmp_path / outcome.value / name).read_bytes() == sample.read_bytes()
    # A notice added later is the only new one.
    late = tmp_path / "late.eml"
    shutil.copyfile(SAMPLES[0], late)
    assert [t.ticket_id for t in source.fetch_new()] == ["late.eml"]


def test_directory_source_without_move_changes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    source = DirectorySource(tmp_path)
    first = list(source.fetch_new())
    for ticket, outcome in zip(first, OUTCOMES, strict=True):
        source.label(ticket, outcome, "kept by the pipeline database")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    # Nothing is recorded in the tree: the database is what dedupes a second run.
    assert list(source.fetch_new()) == first


def test_directory_source_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"expected a directory at .*missing, found nothing"):
        list(DirectorySource(tmp_path / "missing").fetch_new())
    (tmp_path / "a.eml").write_bytes(SAMPLES[0].read_bytes())
    source = DirectorySource(tmp_path, move=True)
    (ticket,) = source.fetch_new()
    (tmp_path / "MaintParseSuccess").mkdir()
    (tmp_path / "MaintParseSuccess" / "a.eml").write_bytes(b"another notice of the same name")
    with pytest.raises(IngestError, match="a different file is already there"):
        source.label(ticket, Outcome.SUCCESS, "")
    assert (tmp_path / "a.eml").exists()
    (tmp_path / "a.eml").unlink()
    with pytest.raises(IngestError, match="expected the file a.eml, found none"):
        source.label(ticket, Outcome.FAILED, "")
    with pytest.raises(IngestError, match="relative path"):
        source.label(Ticket(source="dir", ticket_id="../outside.eml", raw=b""), Outcome.FAILED, "")


# MaildirSource.


def make_maildir(path: Path) -> tuple[mailbox.Maildir, list[str]]:
    """Samples delivered as an MDA does (new/), one already read by a person (cur/, S)."""
    box = mailbox.Maildir(path, create=True)
    keys = []
    for order, sample in enumerate(SAMPLES):
        key = f"{1_700_000_000 + order}.M{order}P1.mnp-test"
        if order == 1:
            target = path / "cur" / f"{key}:2,S"
        else:
            target = path / "new" / key
        shutil.copyfile(sample, target)
        stamp(target, order)
        keys.append(key)
    trashed = path / "cur" / "1699999999.M9P1.mnp-test:2,ST"  # \Deleted, not expunged
    trashed.write_bytes(SAMPLES[0].read_bytes())
    return box, keys


def flags_of(path: Path) -> dict[str, str]:
    result = {}
    for sub in ("new", "cur"):
        for entry in (path / sub).iterdir():
            key, _, info = entry.name.partition(":")
            result[key] = info[2:]
    return result


def test_maildir_source_returns_unlabelled_messages_byte_for_byte(tmp_path: Path) -> None:
    _, keys = make_maildir(tmp_path / "Maildir")
    source = MaildirSource(tmp_path / "Maildir")
    assert isinstance(source, HelpdeskSource)
    tickets = list(source.fetch_new())
    assert [t.ticket_id for t in tickets] == keys  # the trashed one is left out
    for ticket, sample in zip(tickets, SAMPLES, strict=True):
        assert ticket.source == "maildir"
        assert ticket.raw == sample.read_bytes()
        assert parsed(ticket.raw) == parsed(sample.read_bytes())
    assert flags_of(tmp_path / "Maildir")[keys[0]] == ""  # fetching marks nothing


def test_maildir_keywords_follow_dovecots_mapping(tmp_path: Path) -> None:
    path = tmp_path / "Maildir"
    _, keys = make_maildir(path)
    # A keyword of the operator's own already takes letter a.
    (path / "dovecot-keywords").write_text("0 $Important\n")
    source = MaildirSource(path)
    tickets = list(source.fetch_new())
    for ticket, outcome in zip(tickets, OUTCOMES, strict=True):
        source.label(ticket, outcome, "kept by the pipeline database")

    table = (path / "dovecot-keywords").read_text().splitlines()
    assert table == ["0 $Important", "1 MaintParseSuccess", "2 MaintParseException", "3 MaintIgnored"]
    letters = {Outcome.SUCCESS: "b", Outcome.FAILED: "c", Outcome.IGNORED: "d"}
    flags = flags_of(path)
    for key, outcome in zip(keys, OUTCOMES, strict=True):
        expected = "S" + letters[outcome] if key == keys[1] else letters[outcome]
        assert flags[key] == expected  # the outcome's letter, S only where a person had read it
    assert not any((path / "new").iterdir())  # labelled messages live in cur/
    for key, sample in zip(keys, SAMPLES, strict=True):
        (file,) = (path / "cur").glob(f"{key}:2,*")
        assert file.read_bytes() == sample.read_bytes()
    assert list(source.fetch_new()) == []

    # A re-run that changes the outcome keeps one outcome letter.
    source.label(tickets[0], Outcome.FAILED, "")
    assert flags_of(path)[keys[0]] == "c"


def test_maildir_folder_moves(tmp_path: Path) -> None:
    path = tmp_path / "Maildir"
    box, keys = make_maildir(path)
    box.add_folder("Notices")
    for key in keys:  # the watched folder is a Maildir++ subfolder
        (file,) = [*(path / "new").glob(key), *(path / "cur").glob(f"{key}:*")]
        os.rename(file, path / ".Notices" / file.parent.name / file.name)
    source = MaildirSource(path, folder="Notices", move_to={"MaintParseSuccess": "mnp.Processed"})
    tickets = list(source.fetch_new())
    assert [t.ticket_id for t in tickets] == keys
    for ticket, outcome in zip(tickets, OUTCOMES, strict=True):
        source.label(ticket, outcome, "")

    processed = path / ".mnp.Processed"
    assert "mnp.Processed" in box.list_folders()
    moved = flags_of(processed)
    assert sorted(moved) == sorted(k for k, o in zip(keys, OUTCOMES, strict=True) if o is Outcome.SUCCESS)
    assert (processed / "dovecot-keywords").read_text() == "0 MaintParseSuccess\n"
    assert set(moved.values()) == {"a"}
    assert len(flags_of(path / ".Notices")) == len(keys) - len(moved)  # the others stay, labelled
    assert list(source.fetch_new()) == []


def test_maildir_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="expected a Maildir"):
        list(MaildirSource(tmp_path / "nowhere").fetch_new())
    make_maildir(tmp_path / "Maildir")
    with pytest.raises(IngestError, match=r"expected the folder 'Nope', found: none"):
        list(MaildirSource(tmp_path / "Maildir", folder="Nope").fetch_new())
    source = MaildirSource(tmp_path / "Maildir")
    with pytest.raises(IngestError, match="expected message 123.gone, found none"):
        source.label(Ticket(source="maildir", ticket_id="123.gone", raw=b""), Outcome.SUCCESS, "")


def test_maildir_and_imap_agree_on_labels(imap_server: DovecotServer, tmp_path: Path) -> None:
    """The same dovecot Maildir through both sources: each sees the other's labels."""
    folder = "t-maildir-and-imap"
    first = imap_server.deliver(SAMPLES[0].read_bytes(), folder)
    second = imap_server.deliver(SAMPLES[3].read_bytes(), folder)
    with ImapSource(
        imap_server.host,
        imap_server.user,
        imap_server.password,
        port=imap_server.port,
        mailbox=folder,
        security="plain",
    ) as over_imap:
        imap_tickets = list(over_imap.fetch_new())
        over_imap.label(imap_tickets[0], Outcome.SUCCESS, "")

        on_disk = MaildirSource(imap_server.maildir, folder=folder)
        (ticket,) = on_disk.fetch_new()  # the IMAP label counts here
        # Dovecot stores lines with LF; the notice is otherwise unchanged.
        assert ticket.raw == re.sub(rb"\r\n", b"\n", SAMPLES[3].read_bytes())
        on_disk.label(ticket, Outcome.IGNORED, "")

        assert list(over_imap.fetch_new()) == []  # and the Maildir label counts there
    flags = imap_server.flags(folder)
    assert Outcome.SUCCESS.value in flags[first] and Outcome.IGNORED.value in flags[second]
