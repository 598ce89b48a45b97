"""Console benchmarks: the verifier's queue over 100,000 registrations and the detail page with
6 scanned pages, on PostgreSQL, measured through HTTP against a real central (uvicorn in this
process, loopback), so each figure is the server's time plus one loopback round trip.

Seeding writes the central's own tables with psycopg ``COPY`` (registrations, their versions'
canonical JSON of realistic size, identifiers, some duplicate flags) for 10 MPPs of 5 kiosks;
the console's work list is then built by the console's own code (``queue_facts.catch_up``, timed
and reported). Figures, one JSON line each, with a floor measured in this same run:

- ``console_queue_p95_ms``: p95 of queue pages — the default (waiting, oldest first), filtered
  (legal form + regency, KBLI prefix, date range, duplicate flag, a supervisor's MPP), searched
  (forgiving names, exact NIK), and a deep page. Floor: p95 of the bare SQL of the default page
  (the rows and the count, psycopg, no HTTP, no template). Target 150 ms.
- ``console_queue_search_p95_ms`` and ``console_queue_filtered_p95_ms``: the same split by kind.
- ``console_detail_p95_ms``: the detail page of a registration with 6 scanned pages (two versions,
  a duplicate flag). Floor: the bare SQL reads it needs. Target 300 ms.
- ``console_page_image_p95_ms``: one ~600 KB scanned page decrypted in memory and sent (full
  size). Floor: opening the same envelope in-process.
- ``console_catch_up_s``: building the work list for every registration from scratch.

Run: ``.venv/bin/python bench/bench_console.py [--registrations 100000] [--rounds 20]`` (needs
PostgreSQL at 127.0.0.1:5432). Registered through ``bench/run.py``'s ``bench_*.py`` glob.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from central_harness import emit, fresh_database  # noqa: E402

PASSWORD = "kata-sandi-bench-panjang"
WORDS = [
    "Maju",
    "Jaya",
    "Sejahtera",
    "Berkah",
    "Sentosa",
    "Makmur",
    "Abadi",
    "Mandiri",
    "Lestari",
    "Amplang",
    "Kopi",
    "Batik",
    "Tenun",
    "Rotan",
    "Sasirangan",
    "Kue",
    "Sambal",
    "Keripik",
]
FIRST = ["Siti", "Budi", "Agus", "Dewi", "Rina", "Andi", "Yusuf", "Nur", "Rahmat", "Wati", "Hadi"]
LAST = ["Aminah", "Santoso", "Wijaya", "Lestari", "Hidayat", "Saputra", "Rahman", "Kurniawan"]
FORMS = ["perorangan"] * 6 + ["cv", "pt", "koperasi", "firma"]
SCALES = ["mikro"] * 7 + ["kecil"] * 2 + ["menengah"]
REGENCIES = [
    "64.01",
    "64.02",
    "64.03",
    "64.04",
    "64.05",
    "64.07",
    "64.08",
    "64.09",
    "64.11",
    "64.71",
    "64.72",
    "64.74",
]
KBLI = ["10792", "10794", "47111", "47911", "13912", "16292", "56101", "10750", "14111", "96011"]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def content(rng: random.Random, n: int, pages: list[str] | None = None) -> dict:
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}"
    owner = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    regency = rng.choice(REGENCIES)
    docs = [
        {
            "id": str(uuid.uuid4()),
            "doc_type": kind,
            "label": kind,
            "pages": [
                {
                    "sha256": sha,
                    "media_type": "image/jpeg",
                    "width": 2480,
                    "height": 3508,
                    "dpi": 300,
                    "size": 600000,
                }
            ],
        }
        for kind, sha in zip(
            ["ktp", "npwp", "nib", "non_pkp_statement", "other", "other"], pages or [], strict=False
        )
    ]
    return {
        "business": {
            "name": name,
            "legal_form": rng.choice(FORMS),
            "scale": rng.choice(SCALES),
            "scale_suggested": "mikro",
            "scale_rule": "PP 7/2021",
            "capital_idr": rng.randrange(10**6, 10**9),
            "annual_sales_idr": 2 * 10**8,
            "nib": f"{rng.randrange(10**12, 10**13)}",
            "npwp": f"{rng.randrange(10**14, 10**15)}",
            "pkp": False,
            "kbli": rng.sample(KBLI, rng.randint(1, 3)),
            "year_established": 2015,
            "employees": 3,
        },
        "owner": {
            "nik": f"64{rng.randrange(10**13, 10**14)}",
            "full_name": owner,
            "birth_date": "1980-01-01",
            "sex": "P",
            "position": "Pemilik",
            "is_owner": True,
            "phone": "+6281234567890",
            "email": f"u{n}@example.co.id",
        },
        "address": {
            "province_code": "64",
            "regency_code": regency,
            "district_code": regency + ".01",
            "village_code": regency + ".01.2001",
            "street": f"Jl. Pahlawan No. {n % 200}",
            "postal_code": "75123",
        },
        "products": [
            {
                "id": str(uuid.uuid4()),
                "name": "Amplang ikan",
                "unit": "bungkus",
                "price_idr": 25000,
                "description": "Kerupuk ikan khas",
                "pdn": True,
            }
        ],
        "bank": {
            "bank": "BPD KALTIM",
            "account_number": f"{rng.randrange(10**9, 10**10)}",
            "holder_name": owner,
        },
        "consent": {"text_version": "2026.1", "purpose": "registrasi", "given_at": None},
        "documents": docs,
    }


def seed(db_url: str, count: int, central_key, storage) -> tuple[str, list[str], dict]:
    """COPY ``count`` registrations; returns (the detail registration's number, its page
    hashes, samples for searches)."""
    import psycopg

    from kiosk.documents.envelope import seal_document

    rng = random.Random(7)
    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    now = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    with psycopg.connect(dsn) as conn:
        mpps = [(i + 1, f"MPP Bench {i + 1}", f"B{i + 1:02d}") for i in range(10)]
        kiosks = [
            (f"k{m}-{j}", f"Loket {j}", m, f"B{m:02d}K{j}") for m, _, _ in mpps for j in range(5)
        ]
        with conn.cursor() as cur:
            with cur.copy("COPY central_mpps (id, name, prefix, created_at) FROM STDIN") as cp:
                for row in mpps:
                    cp.write_row((*row, now))
            with cur.copy(
                "COPY central_kiosks (id, name, mpp_id, code, token_hash, "
                "signing_public_key, signing_key_id, document_public_key, enrolled_at) "
                "FROM STDIN"
            ) as cp:
                for kid, name, mpp, code in kiosks:
                    cp.write_row(
                        (
                            kid,
                            name,
                            mpp,
                            code,
                            hashlib.sha256(kid.encode()).hexdigest(),
                            "p",
                            "kid",
                            "d",
                            now,
                        )
                    )
            regs, versions, idents = [], [], []
            samples: dict = {}
            for n in range(count):
                kid, _, _, code = kiosks[n % len(kiosks)]
                rid = str(uuid.uuid4())
                day = now - dt.timedelta(minutes=count - n)
                reg_no = f"{code}-{day:%Y%m%d}-{n:06d}"
                body = content(rng, n)
                status = (
                    "submitted" if rng.random() < 0.6 else rng.choice(["verified", "needs_fix"])
                )
                regs.append((rid, kid, reg_no, 1, status, "", day, day))
                text = json.dumps(body, sort_keys=True, separators=(",", ":"))
                versions.append(
                    (rid, 1, hashlib.sha256(text.encode()).hexdigest(), text, "submitted", kid, day)
                )
                for kind, value in (
                    ("nik", body["owner"]["nik"]),
                    ("nib", body["business"]["nib"]),
                    ("npwp", body["business"]["npwp"]),
                ):
                    idents.append((rid, kind, value))
                if n == count // 2:
                    samples = {"nik": body["owner"]["nik"], "name": body["business"]["name"]}
            with cur.copy(
                "COPY central_registrations (id, kiosk_id, reg_no, current_version, "
                "status, verdict_reason, created_at, updated_at) FROM STDIN"
            ) as cp:
                for row in regs:
                    cp.write_row(row)
            with cur.copy(
                "COPY central_versions (registration_id, version, content_hash, content, "
                "kiosk_status, kiosk_id, received_at) FROM STDIN"
            ) as cp:
                for row in versions:
                    cp.write_row(row)
            with cur.copy(
                "COPY central_identifiers (registration_id, kind, value) FROM STDIN"
            ) as cp:
                for row in idents:
                    cp.write_row(row)
            flagged = [(regs[i][0], regs[i + 1][0]) for i in range(0, min(count - 1, 2000), 7)]
            with cur.copy(
                "COPY central_duplicates (kind, registration_a, registration_b, "
                "created_at) FROM STDIN"
            ) as cp:
                for a, b in flagged:
                    cp.write_row(("nik", a, b, now))
            # the detail registration: 6 real scanned pages (~600 KB each), two versions
            kid = kiosks[0][0]
            rid, reg_no = str(uuid.uuid4()), f"{kiosks[0][3]}-20261203-999999"
            shas = []
            for k in range(6):
                image = _scan(rng, k)
                sha = hashlib.sha256(image).hexdigest()
                storage.commit_partial(kid, sha, seal_document(image, [central_key]))
                cur.execute(
                    "INSERT INTO central_pages (sha256, size, media_type, kiosk_id, "
                    "stored_at) VALUES (%s, %s, 'image/jpeg', %s, %s)",
                    (sha, len(image), kid, now),
                )
                shas.append(sha)
            cur.execute(
                "INSERT INTO central_registrations (id, kiosk_id, reg_no, current_version, status, "
                "verdict_reason, created_at, updated_at) VALUES (%s, %s, %s, 2, 'submitted', '', "
                "%s, %s)",
                (rid, kid, reg_no, now, now),
            )
            first = content(rng, 999999, shas)
            second = json.loads(json.dumps(first))
            second["business"]["name"] += " (perbaikan)"
            second["address"]["street"] = "Jl. Diponegoro No. 5"
            for version, body in ((1, first), (2, second)):
                text = json.dumps(body, sort_keys=True, separators=(",", ":"))
                cur.execute(
                    "INSERT INTO central_versions (registration_id, version, content_hash, "
                    "content, kiosk_status, kiosk_id, received_at) VALUES (%s, %s, %s, %s, "
                    "'submitted', %s, %s) RETURNING id",
                    (rid, version, hashlib.sha256(text.encode()).hexdigest(), text, kid, now),
                )
                version_id = cur.fetchone()[0]
                for sha in shas:
                    cur.execute(
                        "INSERT INTO central_page_refs (kiosk_id, sha256, version_id) "
                        "VALUES (%s, %s, %s)",
                        (kid, sha, version_id),
                    )
            cur.execute(
                "INSERT INTO central_identifiers (registration_id, kind, value) "
                "VALUES (%s, 'nik', %s)",
                (rid, samples["nik"]),
            )
            cur.execute(
                "INSERT INTO central_duplicates (kind, registration_a, registration_b, "
                "created_at) VALUES ('nik', %s, %s, %s)",
                (regs[count // 2][0], rid, now),
            )
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    return reg_no, shas, samples


def _scan(rng: random.Random, k: int) -> bytes:
    """A ~600 KB grey A4 JPEG at 300 dpi with noise, like a cleaned scan."""
    from PIL import Image, ImageDraw

    img = Image.effect_noise((2480, 3508), 40).point(lambda v: 200 + v // 5)
    draw = ImageDraw.Draw(img)
    for line in range(60):
        y = 200 + line * 50
        draw.rectangle((200, y, 200 + rng.randrange(800, 2000), y + 18), fill=40)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=75)
    return out.getvalue()


def timed_get(client, path: str, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return times


def sql_floor(db_url: str, rounds: int, statements: list[tuple[str, tuple]]) -> list[float]:
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    times = []
    with psycopg.connect(dsn) as conn:
        for _ in range(rounds):
            start = time.perf_counter()
            for statement, params in statements:
                conn.execute(statement, params).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    import psycopg

    from kiosk.central.console import users
    from kiosk.central.console.queue_facts import catch_up
    from kiosk.central.db import make_engine, migrate, session_factory, session_scope
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.server import start_in_thread
    from kiosk.central.settings import CentralSettings
    from kiosk.central.storage import LocalPageStorage
    from kiosk.documents.envelope import open_document

    with fresh_database("kiosk_bench_console") as db_url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(db_url)
        migrate(engine)
        key = load_or_create_document_key(CentralSettings(data_dir=folder).keys_dir)
        storage = LocalPageStorage(folder)
        t0 = time.perf_counter()
        reg_no, shas, samples = seed(db_url, args.registrations, key.public_key(), storage)
        print(f"# seeded {args.registrations} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        t0 = time.perf_counter()
        with session_scope(session_factory(engine)) as session:
            built = catch_up(session)
            users.add_user(session, "verifier1", "verifier", PASSWORD)
            users.add_user(session, "supervisor1", "supervisor", PASSWORD, mpp="MPP Bench 3")
        catch_s = time.perf_counter() - t0
        with psycopg.connect(db_url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")  # what autovacuum keeps a live database at
        engine.dispose()
        emit("console_catch_up_s", catch_s, "s", None, f"{built} registrations", None)
        settings = CentralSettings(data_dir=folder, database_url=db_url)
        server = start_in_thread(db_url, folder, settings=settings)
        try:
            results = run(server.url, args.rounds, reg_no, shas, samples)
        finally:
            server.stop()
        floors = floors_for(db_url, args.rounds, reg_no)
        envelope = storage.read(shas[0])
        opened = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            open_document(envelope, key)
            opened.append((time.perf_counter() - start) * 1000)
    n = f"{args.registrations:,}"
    emit(
        "console_queue_p95_ms",
        p95(results["all"]),
        "ms",
        p95(floors["queue"]),
        f"bare SQL of the default page (rows + count), {n} registrations",
        150,
    )
    emit(
        "console_queue_filtered_p95_ms",
        p95(results["filtered"]),
        "ms",
        p95(floors["queue"]),
        "bare SQL of the default page",
        150,
    )
    emit(
        "console_queue_search_p95_ms",
        p95(results["search"]),
        "ms",
        p95(floors["queue"]),
        "bare SQL of the default page",
        150,
    )
    emit(
        "console_detail_p95_ms",
        p95(results["detail"]),
        "ms",
        p95(floors["detail"]),
        "bare SQL reads of the detail page",
        300,
    )
    emit(
        "console_page_image_p95_ms",
        p95(results["image"]),
        "ms",
        p95(opened),
        "opening the same ~600 KB envelope in-process",
        None,
    )
    for kind, values in results.items():
        print(
            f"# {kind}: median {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms",
            file=sys.stderr,
        )
    return 0


def run(url: str, rounds: int, reg_no: str, shas: list[str], samples: dict) -> dict:
    import httpx

    def login(client: httpx.Client, user: str) -> None:
        form = client.get("/console/login")
        token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post(
            "/console/login", data={"username": user, "password": PASSWORD, "csrf_token": token}
        )

    filtered = [
        "/console/queue",
        "/console/queue?legal_form=cv&regency=64.72",
        "/console/queue?kbli=479",
        "/console/queue?date_from=2026-11-25&date_to=2026-11-30&status=",
        "/console/queue?duplicate=yes",
        "/console/queue?status=&scale=menengah&page=50",
    ]
    searches = [
        f"/console/queue?q={samples['nik']}&status=",
        "/console/queue?q=maju+jaya&status=",
        f"/console/queue?q={samples['name'].split()[-1]}&status=",
        "/console/queue?q=siti+aminah",
    ]
    out: dict[str, list[float]] = {"filtered": [], "search": [], "detail": [], "image": []}
    with httpx.Client(base_url=url, timeout=60) as client:
        login(client, "verifier1")
        for path in filtered + searches:  # warm-up (templates, reference data, pool)
            client.get(path)
        for path in filtered:
            times = timed_get(client, path, rounds)
            print(f"# {path}: p95 {p95(times):.1f} ms", file=sys.stderr)
            out["filtered"] += times
        for path in searches:
            times = timed_get(client, path, rounds)
            print(f"# {path}: p95 {p95(times):.1f} ms", file=sys.stderr)
            out["search"] += times
        out["detail"] = timed_get(client, f"/console/registrations/{reg_no}", rounds)
        out["image"] = timed_get(client, f"/console/pages/{shas[0]}", rounds)
    with httpx.Client(base_url=url, timeout=60) as client:
        login(client, "supervisor1")
        client.get("/console/queue")
        out["filtered"] += timed_get(client, "/console/queue", rounds)
    out["all"] = out["filtered"] + out["search"]
    return out


def floors_for(db_url: str, rounds: int, reg_no: str) -> dict[str, list[float]]:
    queue = [
        (
            "SELECT q.*, k.code, m.name FROM central_queue q JOIN central_kiosks k ON k.id = "
            "q.kiosk_id JOIN central_mpps m ON m.id = q.mpp_id WHERE q.status = 'submitted' "
            "ORDER BY q.queued_at, q.registration_id LIMIT 50",
            (),
        ),
        ("SELECT count(*) FROM central_queue WHERE status = 'submitted'", ()),
    ]
    detail = [
        ("SELECT * FROM central_registrations WHERE reg_no = %s", (reg_no,)),
        (
            "SELECT v.* FROM central_versions v JOIN central_registrations r ON r.id = "
            "v.registration_id WHERE r.reg_no = %s ORDER BY v.version",
            (reg_no,),
        ),
    ]
    return {
        "queue": sql_floor(db_url, rounds * 5, queue),
        "detail": sql_floor(db_url, rounds, detail),
    }


if __name__ == "__main__":
    sys.exit(main())
