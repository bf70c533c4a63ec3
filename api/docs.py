"""The documentation page's content, read from the OpenAPI document so the two cannot drift apart."""

import json
import shlex

EXAMPLES = {
    "date": "2026-05-12",
    "time": "19:30:00",
    "date-time": "2026-05-12T19:30:00+02:00",
    "uuid": "6f1c2b9e-9d1c-4f7e-a5d2-1b2c3d4e5f60",
}


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def describe(schema: dict, document: dict) -> str:
    """A short, readable type: "string (date) or null", "list of Ref: slug, name", "one of: a, b"."""
    if "$ref" in schema:
        target = _resolve(schema, document)
        fields = ", ".join(target.get("properties", {}))
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"{name}: {fields}" if fields else name
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(describe(option, document) for option in schema[key])
    if "enum" in schema:
        return "one of: " + ", ".join(json.dumps(value) for value in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + describe(schema.get("items", {}), document)
    if kind == "object" and "additionalProperties" in schema:
        return "object of " + describe(schema["additionalProperties"], document)
    details = [schema[key] for key in ("format", "pattern") if key in schema]
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "at most")):
        if key in schema:
            details.append(f"{word} {schema[key]}" + (" characters" if key == "maxLength" else ""))
    return f"{kind} ({', '.join(map(str, details))})" if details else str(kind)


def fields(schema: dict, document: dict) -> list[dict]:
    schema = _resolve(schema, document)
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": describe(prop, document),
            "required": name in required,
            "description": prop.get("description", "") or _resolve(prop, document).get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def _example(schema: dict, document: dict):
    schema = _resolve(schema, document)
    if "anyOf" in schema:
        return _example(next(option for option in schema["anyOf"] if option.get("type") != "null"), document)
    if "enum" in schema:
        return schema["enum"][0] or (schema["enum"][1] if len(schema["enum"]) > 1 else "")
    kind = schema.get("type")
    if kind == "array":
        return [_example(schema.get("items", {}), document)]
    if kind == "object":
        properties = schema.get("properties", {})
        # The required fields; for a change (nothing required) the first field.
        names = schema.get("required") or list(properties)[:1]
        return {name: _example(properties[name], document) for name in properties if name in names}
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    return EXAMPLES.get(schema.get("format", ""), "…")


def curl(method: str, url: str, body: dict | None, secured: bool) -> str:
    """A curl command; the token comes from the shell variable RIMPEL_TOKEN."""
    parts = ["curl"]
    if method != "GET":
        parts += ["-X", method]
    parts += ["-H", shlex.quote("Accept: application/json")]
    if secured:
        parts += ["-H", '"Authorization: Bearer $RIMPEL_TOKEN"']
    if body is not None:
        parts += [
            "-H",
            shlex.quote("Content-Type: application/json"),
            "-d",
            shlex.quote(json.dumps(body, ensure_ascii=False)),
        ]
    parts.append(shlex.quote(url))
    return " ".join(parts)


def endpoints(document: dict, base_url: str) -> list[dict]:
    """One entry per operation: method, path, texts, parameters, body fields, response fields and codes, curl."""
    result = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "in": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": describe(parameter.get("schema", {}), document),
                    "description": parameter.get("description") or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            success, codes = None, []
            for code, response in operation.get("responses", {}).items():
                code = str(code)  # an int until the document is serialised
                codes.append({"code": code, "description": response.get("description", "")})
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if success is None and code.startswith("2") and schema:
                    success = (code, _resolve(schema, document))
            response_fields, record_fields = [], []
            if success:
                response_fields = fields(success[1], document)
                results = success[1].get("properties", {}).get("results")
                if results:
                    record_fields = fields(results["items"], document)
            example_path = path.replace("{slug}", "SLUG")
            body = _example(body_schema, document) if body_schema else None
            result.append(
                {
                    "id": f"{method}-{path.strip('/').replace('/', '-').replace('{', '').replace('}', '')}",
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "body_fields": fields(body_schema, document) if body_schema else [],
                    "status": success[0] if success else "",
                    "response_fields": response_fields,
                    "record_fields": record_fields,
                    "codes": codes,
                    "secured": bool(operation.get("security")),
                    "curl": curl(method.upper(), base_url + example_path, body, bool(operation.get("security"))),
                }
            )
    return result
