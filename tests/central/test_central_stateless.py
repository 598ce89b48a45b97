"""Two central processes on one database and data folder behave as one: a kiosk enrolled at one is
served by the other, and an upload begun at one resumes at the other (no state in a process)."""

from __future__ import annotations

from tests.central.helpers import Central, page_bytes, registration, sha


def test_any_process_serves_any_request(central: Central) -> None:
    twin = Central.start(central.db_url, central.folder, backend=central.backend)
    try:
        kiosk = central.enroll()
        image = page_bytes(90_000)
        reg = registration(kiosk.kiosk_code, pages=[image])
        other = twin.url  # the same kiosk talks to the second process from here on
        kiosk.central = twin
        answer = kiosk.push(kiosk.item(reg))
        assert answer.json()["results"][0]["outcome"] == "stored"
        envelope = kiosk.seal(image)  # sealed to the key the first process handed out
        with kiosk.http() as http:
            part = http.put(
                f"/pages/{sha(image)}",
                content=envelope[:30_000],
                headers={"Upload-Length": str(len(envelope))},
            )
            assert part.json()["upload_offset"] == 30_000
        kiosk.central = central  # back to the first process to finish the upload
        with kiosk.http() as http:
            assert http.head(f"/pages/{sha(image)}").headers["Upload-Offset"] == "30000"
            done = http.put(
                f"/pages/{sha(image)}", params={"offset": 30_000}, content=envelope[30_000:]
            )
            assert done.status_code == 201
            assert http.get("/sanity").json()["count"] == 1
        assert other != central.url
    finally:
        twin.stop()
