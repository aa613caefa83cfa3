"""OpenAPI post-processing: the one error body of `errors.exception_handler`, documented on every
operation for the answers every endpoint can give (bad input, not logged in, not allowed, not found
or not visible, unsupported media type, too many attempts), so a client — and the schemathesis run
in the tests — knows every status code the API returns."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API: a code, one sentence for a person, and the messages per field.",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["code", "message", "fields"],
}
ERRORS = {
    "400": "The input is refused: `fields` names each field and its problem.",
    "401": "Not logged in, or the token is unknown.",
    "403": "Logged in, but not allowed to do this here.",
    "404": "No such object, or not one this user may see.",
    "415": "The request body's media type is not one the operation takes.",
    "429": "Too many attempts: wait and try again.",
}


def document_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {"description": description, "content": ref})
    return result
