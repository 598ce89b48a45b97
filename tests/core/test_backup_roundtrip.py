"""Backup and restore of a real data folder: a round trip onto an empty folder (a new machine),
a wrong passphrase, damaged files, a non-empty folder refused or replaced with ``--force`` (the old
one kept), the swap's fallback and its crash recovery, and the CLI's passphrase sources.

One source kiosk and one backup file per module (the recovery passphrase's scrypt costs ~2 s per
use, on purpose), restored into fresh folders by each test.
"""

from __future__ import annotations

import argparse
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from kiosk.backup import BackupError, create_backup, new_recovery_key, restore
from kiosk.backup.archive import PAYLOAD, RECOVERY
from tests.core.test_sync_support import make_registration, open_kiosk

PASSPHRASE = "kunci pemulihan MPP 2026"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A kiosk with registrations, real page files, a receipt, credentials and its backup."""
    from kiosk.receipts import render_receipt
    from kiosk.sync.state import Credentials, SyncState

    root = tmp_path_factory.mktemp("source")
    kiosk = open_kiosk(root, "desk")
    shared: dict[str, str] = {}
    regs = []
    for seed in range(5):
        reg, images = make_registration(300 + seed, kiosk.vault, shared=shared)
        regs.append(kiosk.submit(reg, images))
    draft, images = make_registration(399, kiosk.vault, shared=shared)
    kiosk.pages.update(images)
    regs.append(kiosk.store.save_draft(draft, staff_id="staff-1"))
    creds = Credentials("https://sync.example.go.id", "device-token-secret", "central-k1", "desk",
                        kiosk.store.kiosk_code, "MPP Tanjung Selor", "2026-12-01")  # fmt: skip
    SyncState(kiosk.store.engine, kiosk.store.keys).save_credentials(creds)
    receipt = root / "receipt.pdf"
    receipt.write_bytes(render_receipt(kiosk.store, regs[0], "a4"))
    backup = root / "out" / "kiosk.zip"
    backup.parent.mkdir()
    result = create_backup(kiosk.store.paths.root, backup, new_recovery_key(PASSPHRASE))
    assert result.registrations == 6 and result.pages == len(kiosk.pages)
    kiosk.regs, kiosk.creds, kiosk.receipt, kiosk.backup = regs, creds, receipt, backup
    yield kiosk
    kiosk.store.close()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_onto_an_empty_folder_restores_everything(source, tmp_path) -> None:
    from kiosk.documents.vault import Vault
    from kiosk.receipts import known_keys, verify
    from kiosk.store import Store
    from kiosk.sync.state import SyncState

    target = tmp_path / "new-machine" / "kiosk-data"  # not even there yet
    result = restore(source.backup, target, PASSPHRASE)
    assert result.kept is None and result.registrations == 6
    assert not [p for p in target.parent.iterdir() if p != target]  # no staging left behind
    with Store.open(target) as store:
        assert (store.kiosk_id, store.kiosk_code) == (source.store.kiosk_id,
                                                     source.store.kiosk_code)  # fmt: skip
        assert store.keys.signing_key_id == source.store.keys.signing_key_id
        assert SyncState(store.engine, store.keys).credentials() == source.creds
        for reg in source.regs:
            again = store.get(reg.id)
            assert again.to_dict() == source.store.get(reg.id).to_dict()
        vault = Vault(store.paths.documents, store.keys)
        for sha, plain in source.pages.items():
            assert vault.get(sha) == plain
        check = verify(source.receipt, known_keys(store))
        assert check.valid and check.own_kiosk, check.text("en")
        assert store.count_registrations() == source.store.count_registrations()


def test_a_wrong_passphrase_changes_nothing(source, tmp_path) -> None:
    target = tmp_path / "data"
    with pytest.raises(BackupError) as info:
        restore(source.backup, target, "not the passphrase")
    assert info.value.code == "backup.passphrase.wrong"
    assert "frasa sandi salah" in info.value.text("id").lower()
    assert not target.exists() or not any(target.iterdir())
    assert [p.name for p in tmp_path.iterdir()] in ([], ["data"])


def _flip(src: Path, dst: Path, member: str, at: float) -> None:
    """Copy ``src`` with one bit flipped inside ``member``'s data."""
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(member)
    raw = bytearray(src.read_bytes())
    header = raw[info.header_offset : info.header_offset + 30]
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    raw[start + int(info.compress_size * at)] ^= 0x10
    dst.write_bytes(bytes(raw))


@pytest.mark.parametrize(("member", "at"), [(PAYLOAD, 0.6), (PAYLOAD, 0.999), (RECOVERY, 0.5)])
def test_a_damaged_file_is_named_and_changes_nothing(source, tmp_path, member, at) -> None:
    damaged = tmp_path / "damaged.zip"
    _flip(source.backup, damaged, member, at)
    target = tmp_path / "data"
    target.mkdir()
    (target / "logs").mkdir()
    (target / "logs" / "kiosk.log").write_text("a log line\n")
    before = _tree(target)
    with pytest.raises(BackupError) as info:
        restore(damaged, target, PASSPHRASE)
    assert info.value.code == "backup.file.damaged", info.value
    assert "rusak" in info.value.text("id") and "damaged" in info.value.text("en")
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.zip", "data"]


def test_not_a_backup_and_a_cut_off_file_are_refused(source, tmp_path) -> None:
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(BackupError) as info:
        restore(other, tmp_path / "a", PASSPHRASE)
    assert info.value.code == "backup.file.not_backup"
    cut = tmp_path / "cut.zip"
    cut.write_bytes(source.backup.read_bytes()[:-5000])
    with pytest.raises(BackupError) as info:
        restore(cut, tmp_path / "b", PASSPHRASE)
    assert info.value.code == "backup.file.damaged"


def test_a_folder_with_data_is_refused_and_force_keeps_it_beside(source, tmp_path) -> None:
    from kiosk.store import Store

    target = tmp_path / "kiosk-data"
    other = open_kiosk(tmp_path, "kiosk-data")
    other_id = other.store.kiosk_id
    other.store.close()
    (target / "logs").mkdir()
    (target / "logs" / "kiosk.log").write_text("a log line\n")
    (target / "backups").mkdir(exist_ok=True)
    (target / "backups" / "kiosk-backup-2026-12-01.zip").write_bytes(b"yesterday's")
    before = _tree(target)
    with pytest.raises(BackupError) as info:
        restore(source.backup, target, PASSPHRASE)
    assert info.value.code == "backup.restore.not_empty" and "--force" in info.value.text("en")
    assert _tree(target) == before
    result = restore(source.backup, target, PASSPHRASE, force=True)
    assert result.kept is not None and result.kept.parent == tmp_path
    assert _tree(result.kept) == before  # the previous data, whole
    now = _tree(target)  # the desk's logs and scheduled backups stay with it
    assert now["logs/kiosk.log"] == before["logs/kiosk.log"]
    assert now["backups/kiosk-backup-2026-12-01.zip"] == b"yesterday's"
    with Store.open(target) as store:
        assert store.kiosk_id == source.store.kiosk_id != other_id
    with Store.open(result.kept) as kept:
        assert kept.kiosk_id == other_id


def test_swap_without_the_exchange_and_its_crash_recovery(tmp_path) -> None:
    from kiosk.backup import swap

    target, staging, kept = tmp_path / "data", tmp_path / ".data.restore-1", tmp_path / "kept"
    for folder, text in ((target, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "kiosk.sqlite3").write_text(text)
    assert swap.swap_in(staging, target, kept, use_exchange=False) == kept
    assert (target / "kiosk.sqlite3").read_text() == "new"
    assert (kept / "kiosk.sqlite3").read_text() == "old"
    assert not swap.journal_path(target).exists() and not staging.exists()
    # a crash between the two renames: the path is empty, the journal completes the swap
    shutil.move(target, staging)
    swap.journal_path(target).write_text(f'{{"staging": "{staging}", "kept": "{kept}"}}')
    assert swap.finish_interrupted_restore(target)
    assert (target / "kiosk.sqlite3").read_text() == "new" and not staging.exists()
    assert not swap.finish_interrupted_restore(target)  # nothing left to finish


def _cli(argv: list[str]) -> int:
    from kiosk.cli import backup as cli_backup

    parser = argparse.ArgumentParser(prog="kiosk")
    cli_backup.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_reads_the_passphrase_from_stdin_else_the_environment(source, tmp_path, monkeypatch):
    from kiosk.cli.backup import read_passphrase

    monkeypatch.setattr("sys.stdin", io.StringIO("dari stdin\n"))
    assert read_passphrase(confirm=True) == "dari stdin"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.delenv("KIOSK_BACKUP_PASSPHRASE", raising=False)
    with pytest.raises(BackupError) as info:
        read_passphrase(confirm=False)
    assert info.value.code == "backup.passphrase.missing"
    monkeypatch.setenv("KIOSK_BACKUP_PASSPHRASE", "dari lingkungan")
    assert read_passphrase(confirm=False) == "dari lingkungan"
    monkeypatch.setenv("KIOSK_BACKUP_PASSPHRASE", "pendek")
    with pytest.raises(BackupError) as info:
        _cli(["backup", "-o", str(tmp_path / "x.zip"), "--data-dir", str(source.store.paths.root)])
    assert info.value.code == "backup.passphrase.short" and not (tmp_path / "x.zip").exists()


def test_cli_refuses_a_data_folder_with_data_before_asking(source, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.delenv("KIOSK_BACKUP_PASSPHRASE", raising=False)
    with pytest.raises(BackupError) as info:
        _cli(["restore", str(source.backup), "--data-dir", str(source.store.paths.root)])
    assert info.value.code == "backup.restore.not_empty"
    with pytest.raises(BackupError) as info:  # an existing output file is never overwritten
        _cli(["backup", "-o", str(source.backup), "--data-dir", str(source.store.paths.root)])
    assert info.value.code == "backup.file.exists"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_passphrase_is_asked_twice(source, tmp_path, monkeypatch) -> None:
    """On a terminal the passphrase is read with :func:`getpass.getpass` (no echo), twice for a
    backup and once for a restore; a second answer that differs stops before anything is written."""
    import getpass

    answers: list[str] = []
    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("sys.stdin", _Terminal("never read\n"))
    monkeypatch.setattr(getpass, "getpass", typed)
    monkeypatch.setenv("KIOSK_LANG", "id")  # the prompts below are the Indonesian ones
    monkeypatch.setenv("KIOSK_BACKUP_PASSPHRASE", "the terminal wins")
    out, data = tmp_path / "typed.zip", str(source.store.paths.root)
    answers[:] = [PASSPHRASE, PASSPHRASE + "x"]
    with pytest.raises(BackupError) as info:
        _cli(["backup", "-o", str(out), "--data-dir", data])
    assert info.value.code == "backup.passphrase.mismatch" and not out.exists()
    assert prompts == ["Frasa sandi pemulihan: ", "Ulangi frasa sandi: "]
    answers[:], prompts[:] = [PASSPHRASE, PASSPHRASE], []
    assert _cli(["backup", "-o", str(out), "--data-dir", data]) == 0
    answers[:], prompts[:] = [PASSPHRASE], []
    assert _cli(["restore", str(out), "--data-dir", str(tmp_path / "restored")]) == 0
    assert prompts == ["Frasa sandi pemulihan: "] and not answers
