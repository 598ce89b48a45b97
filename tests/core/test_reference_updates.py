"""Reference data updates installed in the data folder; the bundled copy stays the fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from kiosk.config import resources_dir
from kiosk.reference import Reference, install_dataset, install_dataset_rows, remove_override
from kiosk.reference.datasets import override_root


@pytest.fixture(autouse=True)
def fresh_reference() -> Iterator[None]:
    Reference.reset()
    yield
    Reference.reset()


def _regions_with_extra_village() -> dict[str, bytes]:
    folder = resources_dir() / "data" / "regions"
    files = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    files["villages.csv"] += b"65.71.02.1099,65.71.02,Kampung Pemekaran Baru\n"
    return files


def test_bundled_data_and_versions(data_dir: Path) -> None:
    ref = Reference.load(data_dir)
    manifest = json.loads((resources_dir() / "data" / "reference.json").read_text())
    checklist = json.loads((resources_dir() / "data" / "checklist.json").read_text())
    expected = {k: v["version"] for k, v in manifest["datasets"].items()}
    assert ref.versions == {**expected, "checklist": checklist["version"]}
    assert not any(ref.overridden.values())


def test_installed_update_is_used_and_can_be_removed(data_dir: Path) -> None:
    install_dataset(data_dir, "regions", "2026.2", _regions_with_extra_village())
    ref = Reference.load(data_dir)
    assert ref.versions["regions"] == "2026.2" and ref.overridden["regions"]
    assert ref.region("65.71.02.1099") is not None
    assert ref.search_villages("pemekaran baru")[0].code == "65.71.02.1099"
    assert Reference.load() is ref  # the explicit load became the default
    remove_override(data_dir, "regions")
    Reference.reset()
    assert Reference.load(data_dir).region("65.71.02.1099") is None
    assert not any(p.is_dir() for p in override_root(data_dir).iterdir())


def test_update_from_rows_as_sync_delivers_them(data_dir: Path) -> None:
    rows = {
        "kbli2020.csv": [{"code": "10710", "title": "INDUSTRI ROTI", "category": "C"}],
        "kbli2020_categories.csv": [{"category": "C", "title": "INDUSTRI PENGOLAHAN"}],
        "kbli2020_golongan_pokok.csv": [
            {"golongan_pokok": "10", "title": "MAKANAN", "category": "C"}
        ],
    }
    install_dataset_rows(data_dir, "kbli", "2026.1", rows)
    ref = Reference.load(data_dir)
    entry = ref.kbli("10710")
    assert ref.kbli_count() == 1 and entry is not None and entry.title == "INDUSTRI ROTI"


def test_a_damaged_update_falls_back_to_the_bundled_copy(data_dir: Path) -> None:
    pointer = install_dataset(data_dir, "regions", "2026.2", _regions_with_extra_village())
    folder = override_root(data_dir) / json.loads(pointer.read_text())["dir"]
    (folder / "villages.csv").write_bytes(b"code,district_code,name\n")  # truncated on disk
    ref = Reference.load(data_dir)
    assert not ref.overridden["regions"] and ref.counts()["village"] == 83762


def test_an_incomplete_update_is_refused_and_changes_nothing(data_dir: Path) -> None:
    with pytest.raises(ValueError):
        install_dataset(data_dir, "regions", "x", {"villages.csv": b"code,district_code,name\n"})
    files = _regions_with_extra_village()
    files["provinces.csv"] = b"kode,nama\n11,Aceh\n"
    with pytest.raises(ValueError, match="columns"):
        install_dataset(data_dir, "regions", "x", files)
    assert not override_root(data_dir).exists() or not any(override_root(data_dir).iterdir())


def test_the_project_never_reads_the_shared_folder() -> None:
    root = Path(__file__).resolve().parents[2]
    mine = [
        *root.joinpath("kiosk", "domain").rglob("*.py"),
        *root.joinpath("kiosk", "reference").rglob("*.py"),
    ]
    for path in [*mine, *root.joinpath("resources", "data").rglob("*.json")]:
        assert "../shared" not in path.read_text("utf-8"), path
        assert "/work/shared" not in path.read_text("utf-8"), path
    for name in (
        "regions/LICENSE-ODbL.md",
        "regions/SOURCE.md",
        "kbli2020/SOURCE.md",
        "ATTRIBUTION.md",
    ):
        assert (resources_dir() / "data" / name).is_file(), name


def test_bundled_files_match_the_manifest_hashes() -> None:
    import hashlib

    manifest = json.loads((resources_dir() / "data" / "reference.json").read_text())
    for entry in manifest["datasets"].values():
        for filename, digest in entry["files"].items():
            data = (resources_dir() / "data" / entry["dir"] / filename).read_bytes()
            assert hashlib.sha256(data).hexdigest() == digest, filename


def _write_pushed(data_dir: Path, dataset: str, version: str, rows: Sequence[object]) -> None:
    """What kiosk/sync/pull.py writes for a pulled ``reference`` event."""
    folder = override_root(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    body = {"dataset": dataset, "version": version, "rows": rows}
    (folder / f"{dataset}.json").write_text(json.dumps(body), "utf-8")


def _region_rows() -> list[dict[str, str]]:
    import csv

    rows = []
    for name in ("provinces", "regencies", "districts", "villages"):
        with (resources_dir() / "data" / "regions" / f"{name}.csv").open(encoding="utf-8") as fh:
            rows += [{"code": r["code"], "name": r["name"]} for r in csv.DictReader(fh)]
    return rows


def test_regions_pushed_through_sync_are_used_when_not_older(data_dir: Path) -> None:
    rows = [*_region_rows(), {"code": "65.71.02.1099", "name": "Kampung Pemekaran Baru"}]
    _write_pushed(data_dir, "regions", "2026.1-kemendagri", rows)
    ref = Reference.load(data_dir)
    assert ref.versions["regions"] == "2026.1-kemendagri"
    assert ref.counts()["village"] == 83763
    assert ref.search_villages("pemekaran")[0].label.startswith("Kampung Pemekaran Baru, Kec.")
    Reference.reset()
    _write_pushed(data_dir, "regions", "2024.9", rows)  # older than the bundled data: ignored
    assert not Reference.load(data_dir).overridden["regions"]


def test_pushed_rows_that_do_not_hold_together_are_ignored(data_dir: Path) -> None:
    _write_pushed(data_dir, "regions", "2027.1", [{"code": "65.71.02.1001", "name": "Orphan"}])
    _write_pushed(data_dir, "kbli", "2027.1", [{"code": "ABC", "title": "?"}])
    ref = Reference.load(data_dir)
    assert not any(ref.overridden.values())
    assert ref.counts()["village"] == 83762 and ref.kbli_count() == 1789


def test_kbli_pushed_through_sync(data_dir: Path) -> None:
    rows = [
        {"code": "C", "title": "INDUSTRI PENGOLAHAN"},
        {"code": "10", "title": "INDUSTRI MAKANAN", "category": "C"},
        {"code": "10710", "title": "INDUSTRI PRODUK ROTI DAN KUE", "category": "C"},
        ["10792", "INDUSTRI KUE BASAH", "C"],
    ]
    _write_pushed(data_dir, "kbli", "2026.1", rows)
    ref = Reference.load(data_dir)
    entry = ref.kbli("10792")
    assert ref.kbli_count() == 2 and entry is not None
    assert entry.group_title == "INDUSTRI MAKANAN"


def test_checklist_pushed_through_sync_changes_the_rules(data_dir: Path) -> None:
    from kiosk.domain import checklist
    from kiosk.domain.examples import complete_registration
    from kiosk.domain.model import DocumentType

    reg = complete_registration(1)  # complete under the bundled checklist
    document = json.loads((resources_dir() / "data" / "checklist.json").read_text())
    document["version"] = "2026.2"
    for item in document["items"]:
        if item["doc_type"] == "deed_amendment":
            item["required"] = True
            item["label"] = {"id": "Akta perubahan terakhir", "en": "Latest deed of amendment"}
    _write_pushed(data_dir, "checklist", "2026.2", [document])
    Reference.reset()
    Reference.load(data_dir)
    assert checklist.checklist_version() == "2026.2"
    missing = checklist.missing_documents(reg)
    assert [i.doc_type for i in missing] == [DocumentType.DEED_AMENDMENT]
    assert missing[0].label("en") == "Latest deed of amendment"
    Reference.reset()
    _write_pushed(data_dir, "checklist", "2026.3", [{"version": "2026.3", "items": "?"}])
    assert Reference.load(data_dir).checklist.version == "2026.1"  # broken push: bundled


def test_banks_bundled_and_pushed(data_dir: Path) -> None:
    ref = Reference.load(data_dir)
    bank = ref.bank("124")
    assert bank is not None and "Kaltimtara" in bank.name
    codes = [b.code for b in ref.banks()]
    assert len(codes) == len(set(codes)) and all(len(c) == 3 and c.isdigit() for c in codes)
    Reference.reset()
    _write_pushed(data_dir, "banks", "2026.2", [{"code": "124", "name": "Bankaltimtara"}])
    ref = Reference.load(data_dir)
    assert [b.name for b in ref.banks()] == ["Bankaltimtara"] and ref.overridden["banks"]


def test_orphan_rows_in_an_installed_update_are_ignored_not_fatal(data_dir: Path) -> None:
    files = _regions_with_extra_village()
    files["villages.csv"] += b"99.99.99.1001,99.99.99,Desa Tanpa Kecamatan\n"
    files["districts.csv"] += b"99.99.99,99.99,Kecamatan Tanpa Kabupaten\n"
    install_dataset(data_dir, "regions", "2026.3", files)
    ref = Reference.load(data_dir)
    assert ref.overridden["regions"] and ref.region("65.71.02.1099") is not None
    assert ref.region("99.99.99.1001") is None and ref.region("99.99.99") is None
    assert ref.search_villages("tanpa kecamatan") == []
