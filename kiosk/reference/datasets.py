"""Where reference data comes from: the bundled copy, or an update installed in the data folder.

Bundled: ``resources/data/reference.json`` names each data set (``regions``, ``kbli``), its version,
its folder and the SHA-256 of each file. Nothing outside the project is read at run time.

Updates (pushed by the central later through sync's ``reference`` events) are installed into
``<data_dir>/reference/``: the files go to a fresh folder ``<dataset>-<version>-<random>/``
(each file durable: temp, fsync, rename), then the pointer ``<dataset>.json`` is replaced
atomically. The pointer is the commit point: a crash before it leaves the old data in use, never
a half-written set. On load an override is used only when its files exist, hash as the pointer
says and have the expected columns; otherwise the bundled copy is used (a broken update must
not stop the desk).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import resources_dir
from kiosk.fsutil import atomic_write_bytes
from kiosk.reference.pushed import tables_from_rows, version_key

log = logging.getLogger(__name__)

# The columns each file must have (extra columns are ignored).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "regions": {
        "provinces.csv": ("code", "name"),
        "regencies.csv": ("code", "province_code", "name"),
        "districts.csv": ("code", "regency_code", "name"),
        "villages.csv": ("code", "district_code", "name"),
    },
    "kbli": {
        "kbli2020.csv": ("code", "title", "category"),
        "kbli2020_categories.csv": ("category", "title"),
        "kbli2020_golongan_pokok.csv": ("golongan_pokok", "title", "category"),
    },
    "banks": {"banks.csv": ("code", "name")},
}
DATASETS = tuple(COLUMNS)


@dataclass(frozen=True)
class DatasetSource:
    """One data set as it will be read: name, version, folder, and whether it is an update.

    ``tables`` holds the rows of a pushed data set (sync's format, :mod:`kiosk.reference.pushed`)
    instead of files; ``stamp`` (size and mtime of the pointer) tells two pushes apart in caches.
    """

    name: str
    version: str
    folder: Path
    override: bool = False
    stamp: str = ""
    tables: dict[str, list[list[str]]] | None = field(default=None, compare=False, hash=False)

    def path(self, filename: str) -> Path:
        return self.folder / filename


def bundled_manifest() -> dict:
    return json.loads((resources_dir() / "data" / "reference.json").read_text("utf-8"))


def bundled_source(name: str) -> DatasetSource:
    entry = bundled_manifest()["datasets"][name]
    return DatasetSource(name, entry["version"], resources_dir() / "data" / entry["dir"])


def override_root(data_dir: Path) -> Path:
    return Path(data_dir) / "reference"


def resolve_source(name: str, data_dir: Path | None) -> DatasetSource:
    """The installed update for ``name`` if there is a sound one, else the bundled copy."""
    bundled = bundled_source(name)
    if data_dir is not None:
        pointer = override_root(data_dir) / f"{name}.json"
        if pointer.is_file():
            try:
                source = _checked_override(name, pointer)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("reference update for %s ignored: %s", name, exc)
            else:
                if version_key(source.version) >= version_key(bundled.version):
                    return source
                log.warning("reference update %s %s is older than the bundled %s", name,
                            source.version, bundled.version)  # fmt: skip
    return bundled


def _checked_override(name: str, pointer: Path) -> DatasetSource:
    info = pointer.stat()
    stamp = f"{info.st_size}:{info.st_mtime_ns}"
    meta = json.loads(pointer.read_text("utf-8"))
    if "rows" in meta:  # pushed by the central through sync
        tables = tables_from_rows(name, meta["rows"])
        return DatasetSource(name, str(meta["version"]), pointer.parent, True, stamp, tables)
    folder = pointer.parent / meta["dir"]
    if folder.parent != pointer.parent or not folder.is_dir():
        raise ValueError("missing folder")
    for filename, columns in COLUMNS[name].items():
        data = (folder / filename).read_bytes()
        if hashlib.sha256(data).hexdigest() != meta["files"][filename]:
            raise ValueError(f"{filename}: hash mismatch")
        header = next(csv.reader(io.StringIO(data[:4096].decode("utf-8-sig"))), [])
        if not set(columns) <= set(header):
            raise ValueError(f"{filename}: columns {header}")
    return DatasetSource(name, str(meta["version"]), folder, override=True, stamp=stamp)


def install_dataset(data_dir: Path, name: str, version: str, files: Mapping[str, bytes]) -> Path:
    """Install an update of data set ``name`` (every file of :data:`COLUMNS` required).

    Returns the pointer file. Raises ``ValueError`` when the files are incomplete or malformed;
    nothing changes then. Call :meth:`kiosk.reference.Reference.reset` afterwards to use it.
    """
    if name not in COLUMNS:
        raise ValueError(f"unknown data set {name!r}")
    if set(files) != set(COLUMNS[name]):
        raise ValueError(f"{name} needs exactly {sorted(COLUMNS[name])}")
    safe_version = "".join(c for c in version if c.isalnum() or c in ".-_")[:40] or "v"
    root = override_root(data_dir)
    folder = root / f"{name}-{safe_version}-{secrets.token_hex(4)}"
    hashes: dict[str, str] = {}
    for filename, data in files.items():
        header = next(csv.reader(io.StringIO(data[:4096].decode("utf-8-sig"))), [])
        if not set(COLUMNS[name][filename]) <= set(header):
            raise ValueError(f"{filename}: columns {header}, need {COLUMNS[name][filename]}")
    for filename, data in files.items():
        atomic_write_bytes(folder / filename, data, mode=0o644)
        hashes[filename] = hashlib.sha256(data).hexdigest()
    pointer = root / f"{name}.json"
    old = _current_dir(pointer)
    meta = {"dataset": name, "version": version, "dir": folder.name, "files": hashes}
    atomic_write_bytes(pointer, json.dumps(meta, indent=2).encode(), mode=0o644)
    if old is not None and old != folder and old.parent == root:
        shutil.rmtree(old, ignore_errors=True)  # after the commit: only disk space at stake
    return pointer


def install_dataset_rows(
    data_dir: Path, name: str, version: str, tables: Mapping[str, Sequence[Mapping[str, object]]]
) -> Path:
    """Like :func:`install_dataset` from rows (``{"villages.csv": [{"code": …, …}, …], …}``).

    This is the shape of sync's ``reference`` event payload ``{dataset, version, rows}``.
    """
    files: dict[str, bytes] = {}
    for filename, rows in tables.items():
        columns = COLUMNS.get(name, {}).get(filename)
        if columns is None:
            raise ValueError(f"unknown file {filename!r} for {name!r}")
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
        files[filename] = buffer.getvalue().encode("utf-8")
    return install_dataset(data_dir, name, version, files)


def remove_override(data_dir: Path, name: str) -> None:
    """Go back to the bundled copy of ``name`` (e.g. after a bad update)."""
    pointer = override_root(data_dir) / f"{name}.json"
    old = _current_dir(pointer)
    pointer.unlink(missing_ok=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _current_dir(pointer: Path) -> Path | None:
    try:
        return pointer.parent / json.loads(pointer.read_text("utf-8"))["dir"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_rows(source: DatasetSource, filename: str) -> list[list[str]]:
    """All rows of a file without its header, in the order of :data:`COLUMNS` for that file."""
    if source.tables is not None:
        return source.tables[filename]
    return list(iter_rows(source, filename))


def iter_rows(source: DatasetSource, filename: str) -> Iterator[list[str]]:
    """The rows of :func:`read_rows` one at a time: a big table (83,762 villages) is packed as it
    is read instead of first becoming a list of lists (which fragments the allocator's memory)."""
    if source.tables is not None:
        yield from source.tables[filename]
        return
    with source.path(filename).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        wanted = [header.index(c) for c in COLUMNS[source.name][filename]]
        if wanted == list(range(len(wanted))) and len(header) == len(wanted):
            yield from (row for row in reader if row)
        else:
            yield from ([row[i] for i in wanted] for row in reader if row)
