"""`GET /api/docs`: the OpenAPI document as a readable page (no script, nothing from a CDN).

Public, like `/api/openapi.json` itself: it describes the API and holds no data. The page is
drawn from the live document, so it cannot drift from what the API does.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from web.auth.access import PUBLIC, access

bp = Blueprint("reference", __name__)
METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(prop: dict) -> dict:
    """A property's type as text, and the schema it refers to (for a link), if any."""
    if "$ref" in prop:
        return {"text": _ref_name(prop["$ref"]), "ref": _ref_name(prop["$ref"])}
    if "allOf" in prop and prop["allOf"] and "$ref" in prop["allOf"][0]:
        name = _ref_name(prop["allOf"][0]["$ref"])
        return {"text": name + (" | null" if prop.get("nullable") else ""), "ref": name}
    kind = prop.get("type", "any")
    if kind == "array":
        inner = type_of(prop.get("items", {}))
        return {"text": f"array of {inner['text']}", "ref": inner["ref"]}
    text = kind
    if "format" in prop:
        text += f" ({prop['format']})"
    if "enum" in prop:
        text += ": " + ", ".join(str(v) for v in prop["enum"])
    if prop.get("nullable"):
        text += " | null"
    return {"text": text, "ref": None}


def _anchor(method: str, path: str) -> str:
    name = "".join(c if c.isalnum() else "-" for c in path.strip("/"))
    return f"op-{method}-{name}"


def _schema_of(body: dict | None) -> dict | None:
    if not body:
        return None
    content = body.get("content", {}).get("application/json", {})
    return type_of(content["schema"]) if "schema" in content else None


def operations(spec: dict) -> list[dict]:
    responses = spec.get("components", {}).get("responses", {})
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            answers = []
            for code, answer in op.get("responses", {}).items():
                if "$ref" in answer:
                    answer = responses.get(_ref_name(answer["$ref"]), {})
                answers.append(
                    {
                        "code": code,
                        "description": answer.get("description", ""),
                        "schema": _schema_of(answer),
                    }
                )
            answers.sort(key=lambda a: (a["code"] == "default", a["code"]))
            parameters = [*item.get("parameters", []), *op.get("parameters", [])]
            found.append(
                {
                    "id": _anchor(method, path),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "roles": op.get("x-roles", []),
                    "secured": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_of(p.get("schema", {}))["text"],
                        }
                        for p in parameters
                    ],
                    "body": _schema_of(op.get("requestBody")),
                    "responses": answers,
                }
            )
    return found


def schemas(spec: dict) -> list[dict]:
    found = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        found.append(
            {
                "name": name,
                "properties": [
                    {
                        "name": prop_name,
                        "type": type_of(prop),
                        "required": prop_name in required,
                        "description": prop.get("description", ""),
                        "read_only": prop.get("readOnly", False),
                    }
                    for prop_name, prop in schema.get("properties", {}).items()
                ],
            }
        )
    return found


@bp.route("/api/docs", methods=["GET"])
@access(PUBLIC)
def docs():
    from web.api import api

    spec = api.spec.to_dict()
    ops = operations(spec)
    tags = []
    for op in ops:
        if op["tag"] not in tags:
            tags.append(op["tag"])
    return render_template(
        "api/docs.html",
        info=spec.get("info", {}),
        openapi=spec.get("openapi", ""),
        tags=tags,
        operations=ops,
        schemas=schemas(spec),
    )
