"""Schemathesis 4 against the central's OpenAPI document, on both backends: no 5xx, responses
match the schema (status codes, headers, bodies), input outside the schema gets a 4xx, and requests
without valid credentials get a 401. Example counts are kept modest (CI time, 2 shared cores)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import strategies as st

from kiosk import protocol as p
from tests.central.helpers import Central, KioskClient

MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def enrolled(central: Central) -> KioskClient:
    return central.enroll()


def _openapi_document() -> dict:
    """The app's OpenAPI document, built without a server (the schema is static)."""
    from kiosk.central.app import create_app
    from kiosk.central.settings import CentralSettings

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(CentralSettings(data_dir=Path(folder), migrate=False))
        document = app.openapi()
        app.state.central.engine.dispose()
    return document


def _binary_page_batches() -> st.SearchStrategy[bytes]:
    """Binary bodies of ``POST /page-batches`` (:mod:`kiosk.page_batch_body`): schema-valid data
    of that media type is a well-framed batch, whose pages no kiosk references."""
    from kiosk import page_batch_body

    page = st.tuples(st.binary(min_size=32, max_size=32).map(bytes.hex), st.binary(min_size=1))
    return st.lists(page, min_size=1, max_size=4).map(page_batch_body.encode)


schemathesis.openapi.media_type(p.PAGE_BATCH_BINARY_MEDIA_TYPE, _binary_page_batches())
schema = schemathesis.openapi.from_dict(_openapi_document())
schema.config.generation.update(max_examples=MAX_EXAMPLES, no_shrink=True, deterministic=True)


@schema.parametrize()
def test_api_conforms(case, central: Central, enrolled: KioskClient) -> None:
    headers = {"Authorization": f"Bearer {enrolled.token}"}
    case.call_and_validate(base_url=central.url, headers=headers)


def test_the_document_describes_the_protocol(central: Central) -> None:
    import httpx

    spec = httpx.get(f"{central.url}/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) >= {
        "/api/v1/enroll",
        "/api/v1/push",
        "/api/v1/pull",
        "/api/v1/sanity",
        "/api/v1/pages/{sha256}",
    }
    assert {"get", "head", "put"} <= set(paths["/api/v1/pages/{sha256}"])
    assert "bearer" in str(spec["components"]["securitySchemes"]).lower()
    assert paths["/api/v1/push"]["post"]["security"]
    assert "security" not in paths["/api/v1/enroll"]["post"]
