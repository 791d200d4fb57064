"""The OpenAPI document and the docs page: generated from the code, complete, valid, and served
from our own static files under the site's Content-Security-Policy."""

import re

from openapi_spec_validator import validate

from articles.api.urls import api


def test_the_openapi_document_is_valid_openapi(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    validate(document)  # raises on anything the OpenAPI 3.1 schema does not allow
    assert document["info"]["title"] == "newsreader API"
    assert "Bearer" in document["info"]["description"]


def test_the_document_has_every_endpoint_of_the_code(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    documented = {(path, method.upper()) for path, ops in paths.items() for method in ops}
    in_code = set()
    for prefix, router in api._routers:
        for route, path_view in router.path_operations.items():
            path = "/api/v1" + prefix + re.sub(r"\{\w+:(\w+)\}", r"{\1}", route)
            in_code |= {(path.rstrip("/"), m) for op in path_view.operations for m in op.methods}
    assert documented == in_code and len(documented) == 21


def test_every_endpoint_documents_its_errors_in_the_one_shape(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "404", "429"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)
            assert operation["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]


def test_the_docs_page_loads_its_assets_from_this_site_under_the_csp(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(s.endswith("ninja/swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources  # no CDN
    assert '"validatorUrl": null' in html  # no badge from validator.swagger.io
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "img-src 'self' https: http: data:" in csp  # Swagger UI's icons
    for tag in html.split("<script")[1:]:
        opening = tag.split(">")[0]
        assert "src=" in opening or 'type="application/json"' in opening, opening


def test_unknown_api_addresses_answer_404_in_json(client, db):
    for path in ["/api/v1/nothing", "/api/v1/articles/abc", "/api/v1/tags/a%00b"]:
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert "text/html" in client.get("/nothing-here/").get("Content-Type", "text/html")


def test_a_method_an_endpoint_lacks_is_refused_in_the_one_shape(api):
    response = api.put("/api/v1/articles")
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.status_code == 405 and set(response["Allow"].split(", ")) == {"GET", "POST"}
