"""Request parameters: read from query string, JSON, url-encoded or multipart bodies, typed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox import errors

# Fields that are plain strings even when they look like JSON numbers (PTB sends str unquoted).
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "description",
        "short_description",
        "name",
        "language_code",
        "parse_mode",
        "action",
        "url",
        "file_id",
        "inline_message_id",
        "document",
        "photo",
        "secret_token",
        "title",
        "emoji",
        "query",
        "thumbnail",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    file_name: str
    content_type: str
    data: bytes


def decode_field(name: str, value: str) -> Any:
    """PTB JSON-encodes every non-string value in form bodies; undo that per field."""
    if name in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    params: dict[str, Any] = {k: decode_field(k, v) for k, v in request.query.items()}
    files: dict[str, UploadedFile] = {}
    if request.method != "POST" or not request.can_read_body:
        return params, files
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise errors.bad_request("Bad Request: invalid JSON body")
        params.update(body)
    elif content_type == "multipart/form-data":
        await read_multipart(request, params, files)
    else:
        form = await request.post()
        params.update({k: decode_field(k, str(v)) for k, v in form.items()})
    return params, files


async def read_multipart(
    request: web.Request, params: dict[str, Any], files: dict[str, UploadedFile]
) -> None:
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = await part.read()
        if part.filename is None:
            params[part.name] = decode_field(part.name, data.decode("utf-8"))
            continue
        content_type = part.headers.get("Content-Type", "application/octet-stream")
        files[part.name] = UploadedFile(part.name, part.filename, content_type, bytes(data))


def get_int(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise errors.bad_request(f"Bad Request: invalid {name} specified") from None


def require_int(params: dict[str, Any], name: str, description: str | None = None) -> int:
    value = get_int(params, name)
    if value is None:
        raise errors.bad_request(description) if description else errors.missing(name)
    return value


def get_str(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    return None if value is None else str(value)


def get_bool(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


def get_json(params: dict[str, Any], name: str) -> Any:
    """A JSON-typed field; tolerates a client that sent it as an unparsed string."""
    value = params.get(name)
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            raise errors.bad_request(f"Bad Request: can't parse {name} JSON object") from None
    return value
